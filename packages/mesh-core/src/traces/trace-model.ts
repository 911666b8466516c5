/**
 * The trace as a trace view shows it, built from Jaeger's UI JSON the way Jaeger UI's
 * `transformTraceData` and `getTraceSpanIdsAsTree` build it:
 *
 * 1. Spans without a start time are left out (Jaeger UI filters them too).
 * 2. Span ids are made unique: the n-th repeat of id `x` becomes `x_n` (Jaeger UI's suffix), with
 *    a warning on the renamed span. References keep naming the first span with the id.
 * 3. Each span's parent is its first CHILD_OF reference within the trace (any CHILD_OF if none is
 *    within it); a FOLLOWS_FROM reference is the parent only when the span has no CHILD_OF one
 *    (Jaeger's query service moves the CHILD_OF reference first). A span without references but
 *    with the deprecated `parentSpanID` uses that. A parent not in the trace ("dangling") makes the
 *    span a top-level one with a warning, as Jaeger shows it; so does a parent chain that loops.
 * 4. Children are sorted by start time (stable), and the spans listed depth first: the order of
 *    the timeline's rows, with each span's depth and whether it has children.
 * 5. Trace facts: start, end and duration over all spans; the name (the earliest top-level span's
 *    `service: operation`, Jaeger's `getTraceName`); services with span counts in order of first
 *    appearance; the deepest depth; error spans (`error` tag true); duplicate tags dropped with
 *    Jaeger UI's warning; and the critical path (`critical-path.ts`).
 *
 * Every step is linear but the sorts of children and of the critical path's children: O(n log n).
 */
import type {
  JaegerKeyValue,
  JaegerLog,
  JaegerProcess,
  JaegerReference,
  JaegerTrace,
  Microseconds,
} from '../api/traces.ts';
import { computeCriticalPath } from './critical-path.ts';
import type { Working } from './span-links.ts';
import { linkSpans } from './span-links.ts';

export interface TimeSegment {
  /** Microseconds since the epoch. */
  readonly startUs: Microseconds;
  readonly endUs: Microseconds;
}

export interface TraceSpan {
  /** Position in tree order: the row of the timeline when nothing is collapsed. */
  readonly index: number;
  /** Unique in the trace: a duplicate id gets Jaeger UI's `_n` suffix. */
  readonly spanID: string;
  /** The id as the trace store sent it. */
  readonly sentSpanID: string;
  readonly traceID: string;
  readonly operationName: string;
  readonly serviceName: string;
  readonly process: JaegerProcess;
  /** Microseconds since the epoch. */
  readonly startUs: Microseconds;
  readonly durationUs: Microseconds;
  /** From the trace's start. */
  readonly relativeStartUs: Microseconds;
  /** 0 for a top-level span. */
  readonly depth: number;
  /** The parent's unique id; undefined for a top-level span (dangling parents included). */
  readonly parentSpanID: string | undefined;
  /** The reference the parent was taken from, when there is a parent. */
  readonly parentRefType: JaegerReference['refType'] | undefined;
  readonly hasChildren: boolean;
  /** How many spans are under this one, at any depth. */
  readonly descendantCount: number;
  readonly references: readonly JaegerReference[];
  readonly tags: readonly JaegerKeyValue[];
  readonly logs: readonly JaegerLog[];
  /** The store's warnings plus the view's own (dangling parent, duplicate id, duplicate tags). */
  readonly warnings: readonly string[];
  /** The `error` tag is true (or the text `true`), Jaeger UI's `isErrorSpan`. */
  readonly isError: boolean;
  /** The parts of this span on the critical path, earliest first. */
  readonly criticalPath: readonly TimeSegment[];
}

/** A part of one span on the critical path. */
export interface TraceCriticalPathSection extends TimeSegment {
  readonly spanID: string;
}

export interface TraceServiceSummary {
  readonly name: string;
  readonly spanCount: number;
}

export interface TraceModel {
  readonly traceID: string;
  /** `service: operation` of the root span, or '' for a trace without spans. */
  readonly name: string;
  /** The span the name is taken from. */
  readonly rootSpanID: string | undefined;
  readonly startUs: Microseconds;
  readonly endUs: Microseconds;
  readonly durationUs: Microseconds;
  /** In tree order (depth first, children by start time). */
  readonly spans: readonly TraceSpan[];
  readonly spanById: ReadonlyMap<string, TraceSpan>;
  /** In order of first appearance in the tree: the order of their colours. */
  readonly services: readonly TraceServiceSummary[];
  /** The deepest span's depth (0 when every span is top-level). Jaeger's "Depth" is this + 1. */
  readonly maxDepth: number;
  readonly errorSpanCount: number;
  /** Jaeger UI's critical path sections, in the order its algorithm finds them. */
  readonly criticalPath: readonly TraceCriticalPathSection[];
  /** The trace's own warnings and the view's trace-level ones. */
  readonly warnings: readonly string[];
}

/** Jaeger UI's `isErrorSpan`. */
export function isErrorTagged(tags: readonly JaegerKeyValue[]): boolean {
  return tags.some((t) => t.key === 'error' && (t.value === true || t.value === 'true'));
}

const NONE: readonly never[] = Object.freeze([]);

const sameTag = (a: JaegerKeyValue, b: JaegerKeyValue): boolean => a.key === b.key && a.value === b.value;

/** Jaeger UI's `deduplicateTags`: the first of equal key/value pairs is kept. */
function deduplicateTags(tags: readonly JaegerKeyValue[]): {
  tags: readonly JaegerKeyValue[];
  warnings: readonly string[];
} {
  // Spans carry a few dozen tags at most: comparing pairs beats building a key per tag.
  let repeated = tags.length > 64;
  for (let i = 1; i < tags.length && !repeated; i++) {
    const tag = tags[i];
    for (let j = 0; j < i; j++) {
      const other = tags[j];
      if (tag !== undefined && other !== undefined && sameTag(tag, other)) {
        repeated = true;
        break;
      }
    }
  }
  if (!repeated) return { tags, warnings: NONE };
  const seen = new Set<string>();
  const kept: JaegerKeyValue[] = [];
  const warnings = new Set<string>();
  for (const tag of tags) {
    const text = `${tag.key}:${String(tag.value)}`;
    const key = `${tag.type}\u0000${text}`;
    if (seen.has(key)) warnings.add(`Duplicate tag "${text}"`);
    else {
      seen.add(key);
      kept.push(tag);
    }
  }
  return warnings.size === 0 ? { tags, warnings: NONE } : { tags: kept, warnings: [...warnings] };
}

/** Step 4: the depth-first order of span indexes, with each one's depth. */
function treeOrder(
  spans: JaegerTrace['spans'],
  work: readonly Working[],
): { order: number[]; depth: Int32Array; children: number[][] } {
  const children: number[][] = spans.map(() => []);
  const top: number[] = [];
  work.forEach((w, i) => {
    if (w.parent === -1) top.push(i);
    else children[w.parent]?.push(i);
  });
  const start = (i: number): number => spans[i]?.startTime ?? 0;
  const byStart = (a: number, b: number): number => start(a) - start(b);
  top.sort(byStart);
  for (const list of children) if (list.length > 1) list.sort(byStart);
  const order: number[] = [];
  const depth = new Int32Array(spans.length);
  const stack: number[] = [];
  for (let t = top.length - 1; t >= 0; t--) stack.push(top[t] ?? 0);
  while (stack.length > 0) {
    const i = stack.pop() ?? 0;
    order.push(i);
    const kids = children[i] ?? [];
    for (let k = kids.length - 1; k >= 0; k--) {
      const kid = kids[k] ?? 0;
      depth[kid] = (depth[i] ?? 0) + 1;
      stack.push(kid);
    }
  }
  return { order, depth, children };
}

/** Builds the trace view's model of a trace in Jaeger's UI JSON. */
export function buildTraceModel(trace: JaegerTrace): TraceModel {
  const warnings = [...(trace.warnings ?? [])];
  const spans = trace.spans.filter((s) => s.startTime > 0);
  if (spans.length < trace.spans.length) {
    const left = trace.spans.length - spans.length;
    warnings.push(`${left} span${left === 1 ? '' : 's'} without a start time left out`);
  }
  const work = linkSpans(spans);
  const { order, depth, children } = treeOrder(spans, work);

  let startUs = Number.POSITIVE_INFINITY;
  let endUs = 0;
  for (const s of spans) {
    if (s.startTime < startUs) startUs = s.startTime;
    if (s.startTime + s.duration > endUs) endUs = s.startTime + s.duration;
  }
  if (spans.length === 0) startUs = 0;

  // Descendant counts, children before parents (reverse tree order).
  const descendants = new Int32Array(spans.length);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] ?? 0;
    const p = work[i]?.parent ?? -1;
    if (p !== -1) descendants[p] = (descendants[p] ?? 0) + (descendants[i] ?? 0) + 1;
  }

  const position = new Int32Array(spans.length);
  order.forEach((i, k) => (position[i] = k));
  const cp = computeCriticalPath(
    order.map((i) => {
      const s = spans[i];
      const w = work[i];
      return {
        start: s?.startTime ?? 0,
        duration: s?.duration ?? 0,
        parent: w === undefined || w.parent === -1 ? -1 : (position[w.parent] ?? -1),
        followsFrom: w?.parentRef?.refType === 'FOLLOWS_FROM',
      };
    }),
  );

  const serviceCounts = new Map<string, number>();
  const out: TraceSpan[] = [];
  const spanById = new Map<string, TraceSpan>();
  let maxDepth = 0;
  let errorSpanCount = 0;
  let root: TraceSpan | undefined;
  for (const i of order) {
    const s = spans[i];
    const w = work[i];
    if (s === undefined || w === undefined) continue;
    const process = trace.processes[s.processID] ?? { serviceName: s.processID, tags: [] };
    const serviceName = process.serviceName;
    serviceCounts.set(serviceName, (serviceCounts.get(serviceName) ?? 0) + 1);
    const tagInfo = deduplicateTags(s.tags);
    const d = depth[i] ?? 0;
    if (d > maxDepth) maxDepth = d;
    const isError = isErrorTagged(tagInfo.tags);
    if (isError) errorSpanCount++;
    const parentWork = w.parent === -1 ? undefined : work[w.parent];
    const span: TraceSpan = {
      index: out.length,
      spanID: w.id,
      sentSpanID: w.sentID,
      traceID: s.traceID,
      operationName: s.operationName,
      serviceName,
      process,
      startUs: s.startTime,
      durationUs: s.duration,
      relativeStartUs: s.startTime - startUs,
      depth: d,
      parentSpanID: parentWork?.id,
      parentRefType: w.parentRef?.refType,
      hasChildren: (children[i]?.length ?? 0) > 0,
      descendantCount: descendants[i] ?? 0,
      references: s.references,
      tags: tagInfo.tags,
      logs: s.logs,
      warnings:
        w.warnings.length === 0 && tagInfo.warnings.length === 0
          ? (s.warnings ?? NONE)
          : [...(s.warnings ?? []), ...w.warnings, ...tagInfo.warnings],
      isError,
      criticalPath: cp.segmentsBySpan[out.length] ?? NONE,
    };
    if (d === 0 && (root === undefined || span.startUs < root.startUs)) root = span;
    out.push(span);
    spanById.set(span.spanID, span);
  }

  return {
    traceID: trace.traceID.toLowerCase(),
    name: root === undefined ? '' : `${root.serviceName}: ${root.operationName}`,
    rootSpanID: root?.spanID,
    startUs,
    endUs,
    durationUs: endUs - startUs,
    spans: out,
    spanById,
    services: [...serviceCounts].map(([name, spanCount]) => ({ name, spanCount })),
    maxDepth,
    errorSpanCount,
    criticalPath: cp.sections.map((x) => ({
      spanID: out[x.spanIndex]?.spanID ?? '',
      startUs: x.startUs,
      endUs: x.endUs,
    })),
    warnings,
  };
}
