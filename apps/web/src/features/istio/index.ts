/**
 * The Istio Config list (`/istio`), an object's details with the validating editor and its
 * history (Kiali's `/namespaces/:namespace/istio/:group/:version/:kind/:object`), create from a
 * template (`/istio/new/:group/:version/:kind`), and the queries and paths other features use.
 */
import type { RouteObject } from 'react-router';
import { ISTIO_NEW_ROUTE, ISTIO_OBJECT_ROUTE } from './editor/url.ts';

export { istioConfigQuery, validationSummaryQuery } from './queries.ts';
export { istioNewPagePath, istioObjectPagePath } from './editor/url.ts';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/istio',
    lazy: async () => ({ Component: (await import('./IstioConfigListPage.tsx')).IstioConfigListPage }),
  },
  {
    path: ISTIO_NEW_ROUTE,
    lazy: async () => ({ Component: (await import('./IstioConfigNewPage.tsx')).IstioConfigNewPage }),
  },
  {
    path: ISTIO_OBJECT_ROUTE,
    lazy: async () => ({ Component: (await import('./IstioConfigDetailsPage.tsx')).IstioConfigDetailsPage }),
  },
];
