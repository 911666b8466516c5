/** The console's pages and their paths (Kiali's, so that a Kiali user's habits carry over). */
export const NAV_ITEMS = [
  { path: '/overview', label: 'Overview' },
  { path: '/graph/namespaces', label: 'Traffic Graph' },
  { path: '/applications', label: 'Applications' },
  { path: '/workloads', label: 'Workloads' },
  { path: '/services', label: 'Services' },
  { path: '/istio', label: 'Istio Config' },
  { path: '/tracing', label: 'Traces' },
  { path: '/mesh', label: 'Mesh' },
] as const;

export type NavPath = (typeof NAV_ITEMS)[number]['path'];

/** Where `/` leads: the live graph, as `npm start` promises. */
export const HOME_PATH: NavPath = '/graph/namespaces';
