/** The app, workload and service detail pages (Kiali's paths) and the paths to reach them. */
import type { RouteObject } from 'react-router';

export { appDetailPath, serviceDetailPath, workloadDetailPath } from './paths.ts';

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
