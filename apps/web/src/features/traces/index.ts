/**
 * Traces, as Kiali and Jaeger UI show them: the search page (`/tracing`: form, scatter plot and
 * results), one trace (`/tracing/traces/:traceId`: timeline, critical path, span details), and the
 * Traces tab the app, service and workload pages show.
 */
export { routes } from './routes.ts';
export { TracesTab } from './tab/TracesTab.tsx';
export type { TracesTabProps } from './tab/TracesTab.tsx';
export { tracePath } from './search/trace-summary.ts';
