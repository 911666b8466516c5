/** The Overview page (`/overview`): a card per namespace. */
import type { RouteObject } from 'react-router';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  { path: '/overview', lazy: async () => ({ Component: (await import('./OverviewPage.tsx')).OverviewPage }) },
];
