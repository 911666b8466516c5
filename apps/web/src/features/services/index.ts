/** The Services list (`/services`). */
import type { RouteObject } from 'react-router';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/services',
    lazy: async () => ({ Component: (await import('./ServicesListPage.tsx')).ServicesListPage }),
  },
];
