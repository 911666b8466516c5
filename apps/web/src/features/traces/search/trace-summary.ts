/**
 * One search result as Jaeger UI's result list shows it: the trace's name, start, duration, span
 * and error counts and services with their span counts, taken from mesh-core's trace model
 * (`buildTraceModel`, the trace view's), and the list's sort orders.
 */
import type { JaegerTrace, Microseconds } from '@meshlens/mesh-core/api/traces';
import type { TraceServiceSummary } from '@meshlens/mesh-core/traces';
import { buildTraceModel } from '@meshlens/mesh-core/traces';
import type { TraceSort } from './search-url.ts';

export interface TraceSummary {
  readonly traceID: string;
  readonly name: string;
  readonly startUs: Microseconds;
  readonly durationUs: Microseconds;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly TraceServiceSummary[];
}

export function summarizeTrace(trace: JaegerTrace): TraceSummary {
  const model = buildTraceModel(trace);
  return {
    traceID: trace.traceID,
    name: model.name === '' ? `Trace ${trace.traceID.slice(0, 7)}` : model.name,
    startUs: model.startUs,
    durationUs: model.durationUs,
    spanCount: model.spans.length,
    errorCount: model.errorSpanCount,
    services: model.services,
  };
}

const ORDER: Readonly<Record<TraceSort, (a: TraceSummary, b: TraceSummary) => number>> = {
  MOST_RECENT: (a, b) => b.startUs - a.startUs,
  LONGEST_FIRST: (a, b) => b.durationUs - a.durationUs,
  SHORTEST_FIRST: (a, b) => a.durationUs - b.durationUs,
  MOST_SPANS: (a, b) => b.spanCount - a.spanCount,
  LEAST_SPANS: (a, b) => a.spanCount - b.spanCount,
};

/** Sorted copies; ties keep the most recent first, then the trace id, so the order is stable. */
export function sortTraces(traces: readonly TraceSummary[], sort: TraceSort): TraceSummary[] {
  return [...traces].sort(
    (a, b) => ORDER[sort](a, b) || b.startUs - a.startUs || a.traceID.localeCompare(b.traceID),
  );
}

/** The trace view's path (the trace view feature's route). */
export const tracePath = (traceID: string): string => `/tracing/traces/${encodeURIComponent(traceID)}`;
