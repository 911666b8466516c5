/** The Traffic Graph feature: its routes (Kiali's paths) and the namespace selector. */
import type { RouteObject } from 'react-router';
import { GraphPage } from './GraphPage.tsx';

export { NamespaceSelect } from './NamespaceSelect.tsx';
export type { GraphSelection } from './selection.ts';

const NODE = '/graph/node/namespaces/:namespace';

export const routes: RouteObject[] = [
  { path: '/graph/namespaces', Component: GraphPage },
  { path: `${NODE}/applications/:app`, Component: GraphPage },
  { path: `${NODE}/applications/:app/versions/:version`, Component: GraphPage },
  { path: `${NODE}/workloads/:workload`, Component: GraphPage },
  { path: `${NODE}/services/:service`, Component: GraphPage },
];
