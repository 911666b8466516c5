/** Metrics charts of an app, workload or service, shared by the detail pages. */
export { MetricsPanel } from './MetricsPanel.tsx';
export type { MetricsPanelProps } from './MetricsPanel.tsx';
