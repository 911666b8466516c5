/** The Workloads list (`/workloads`). */
import type { RouteObject } from 'react-router';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/workloads',
    lazy: async () => ({ Component: (await import('./WorkloadsListPage.tsx')).WorkloadsListPage }),
  },
];
