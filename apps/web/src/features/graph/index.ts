/** The Traffic Graph feature: its routes (Kiali's paths) and the namespace selector. */
import type { RouteObject } from 'react-router';

export { NamespaceSelect } from './NamespaceSelect.tsx';
export type { GraphSelection } from './selection.ts';

const NODE = '/graph/node/namespaces/:namespace';

// The page (and cytoscape with it) is its own chunk, loaded when a graph route is visited.
const lazy = async () => ({ Component: (await import('./GraphPage.tsx')).GraphPage });

export const routes: RouteObject[] = [
  { path: '/graph/namespaces', lazy },
  { path: `${NODE}/applications/:app`, lazy },
  { path: `${NODE}/applications/:app/versions/:version`, lazy },
  { path: `${NODE}/workloads/:workload`, lazy },
  { path: `${NODE}/services/:service`, lazy },
];
