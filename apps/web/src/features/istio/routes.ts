/**
 * The Istio Config pages' routes, apart from the feature's other exports so that the console's
 * main chunk (which imports every feature's routes) takes in only what the routes need.
 */
import type { RouteObject } from 'react-router';
import { ISTIO_NEW_ROUTE, ISTIO_OBJECT_ROUTE } from './editor/url.ts';

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
