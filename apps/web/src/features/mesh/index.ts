/** The Mesh page (`/mesh`) and the shell's banner for unreachable backends. */
import type { RouteObject } from 'react-router';
import { MeshPage } from './MeshPage.tsx';

export { UpstreamBanner } from './UpstreamBanner.tsx';

export const routes: RouteObject[] = [{ path: '/mesh', Component: MeshPage }];
