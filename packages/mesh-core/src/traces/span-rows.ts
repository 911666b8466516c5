/**
 * What a trace timeline needs besides the model: which rows show when some spans are collapsed
 * (one pass over the spans in tree order, skipping the subtree under a collapsed span by depth),
 * the namespaces a trace went through (Istio's `istio.namespace` tag), and durations as Jaeger UI
 * writes them.
 */
import type { JaegerKeyValue, Microseconds } from '../api/traces.ts';
import type { TraceModel, TraceSpan } from './trace-model.ts';

/** The indexes of the spans shown when the spans with these ids are collapsed: O(n). */
export function visibleSpanIndexes(
  spans: readonly Pick<TraceSpan, 'spanID' | 'depth'>[],
  collapsed: ReadonlySet<string>,
): number[] {
  const out: number[] = [];
  let hideDeeperThan = Number.POSITIVE_INFINITY;
  spans.forEach((span, i) => {
    if (span.depth > hideDeeperThan) return;
    hideDeeperThan = collapsed.has(span.spanID) ? span.depth : Number.POSITIVE_INFINITY;
    out.push(i);
  });
  return out;
}

/** Jaeger UI's "collapse all": every span with children. */
export function collapsibleSpanIDs(spans: readonly Pick<TraceSpan, 'spanID' | 'hasChildren'>[]): string[] {
  return spans.filter((s) => s.hasChildren).map((s) => s.spanID);
}

/** The tag Istio's proxies put on every span they report (`pilot/pkg/networking/core/tracing.go`). */
export const ISTIO_NAMESPACE_TAG = 'istio.namespace';

function stringTag(tags: readonly JaegerKeyValue[], key: string): string | undefined {
  const tag = tags.find((t) => t.key === key);
  return tag === undefined || tag.value === '' ? undefined : String(tag.value);
}

/** The namespaces of the trace's spans (span tag, else process tag), sorted. */
export function traceNamespaces(model: Pick<TraceModel, 'spans'>): string[] {
  const names = new Set<string>();
  for (const span of model.spans) {
    const ns = stringTag(span.tags, ISTIO_NAMESPACE_TAG) ?? stringTag(span.process.tags, ISTIO_NAMESPACE_TAG);
    if (ns !== undefined) names.add(ns);
  }
  return [...names].sort();
}

const trim = (n: number): string => String(Number(n.toFixed(2)));

/** Jaeger UI's `formatDuration`: µs, ms or s with at most two decimals (`1.23ms`, `2s`). */
export function formatDurationUs(durationUs: Microseconds): string {
  if (durationUs < 1000) return `${trim(durationUs)}μs`;
  if (durationUs < 1_000_000) return `${trim(durationUs / 1000)}ms`;
  return `${trim(durationUs / 1_000_000)}s`;
}
