/**
 * Traces as Jaeger UI presents them: the span tree in timeline order with its warnings, the
 * trace's summary and its critical path (`buildTraceModel`), and the timeline's row helpers.
 */
export type {
  TimeSegment,
  TraceCriticalPathSection,
  TraceModel,
  TraceServiceSummary,
  TraceSpan,
} from './trace-model.ts';
export { buildTraceModel, isErrorTagged } from './trace-model.ts';
export { parentReference } from './span-links.ts';
export type { CriticalPathNode, CriticalPathResult, CriticalPathSection } from './critical-path.ts';
export { computeCriticalPath } from './critical-path.ts';
export {
  ISTIO_NAMESPACE_TAG,
  collapsibleSpanIDs,
  formatDurationUs,
  traceNamespaces,
  visibleSpanIndexes,
} from './span-rows.ts';
export * from './graph-path.ts';
