/** The Istio Config list (`/istio`), and its queries for the pages that show linked config. */
import type { RouteObject } from 'react-router';

export { istioConfigQuery, validationSummaryQuery } from './queries.ts';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/istio',
    lazy: async () => ({ Component: (await import('./IstioConfigListPage.tsx')).IstioConfigListPage }),
  },
];
