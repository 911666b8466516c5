/** The Applications list (`/applications`). */
import type { RouteObject } from 'react-router';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/applications',
    lazy: async () => ({ Component: (await import('./ApplicationsListPage.tsx')).ApplicationsListPage }),
  },
];
