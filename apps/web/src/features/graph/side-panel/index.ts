/** The graph's side panel (Kiali's summary panel) and its metrics queries. */
export { SidePanel } from './SidePanel.tsx';
export { nodeMetricsQueryOptions, sidePanelKeys } from './queries.ts';
