/**
 * The detail pages' routes, apart from the feature's other exports so that the console's main
 * chunk (which imports every feature's routes) takes in only what the routes need.
 */
import type { RouteObject } from 'react-router';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/namespaces/:namespace/applications/:app',
    lazy: async () => ({ Component: (await import('./AppDetailsPage.tsx')).AppDetailsPage }),
  },
  {
    path: '/namespaces/:namespace/workloads/:workload',
    lazy: async () => ({ Component: (await import('./WorkloadDetailsPage.tsx')).WorkloadDetailsPage }),
  },
  {
    path: '/namespaces/:namespace/services/:service',
    lazy: async () => ({ Component: (await import('./ServiceDetailsPage.tsx')).ServiceDetailsPage }),
  },
];
