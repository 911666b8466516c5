/** The Mesh page (`/mesh`) and the shell's banner for unreachable backends. */
import type { RouteObject } from 'react-router';

export { UpstreamBanner } from './UpstreamBanner.tsx';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  { path: '/mesh', lazy: async () => ({ Component: (await import('./MeshPage.tsx')).MeshPage }) },
];
