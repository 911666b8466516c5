/**
 * Steps 2 and 3 of the trace model (see `trace-model.ts`): unique span ids (Jaeger UI's `_n`
 * suffix for repeats, with a warning) and each span's parent: the first CHILD_OF reference within
 * the trace, else any CHILD_OF, else FOLLOWS_FROM, else the deprecated `parentSpanID`. A parent not
 * in the trace, or a parent chain that loops (found by one walk up from every span, marking spans
 * known to reach the top: linear), leaves the span at the top level with a warning.
 */
import type { JaegerReference, JaegerTrace } from '../api/traces.ts';

const ZERO_ID = /^0+$/;

/** The reference a span's parent comes from (step 3 of the module's description). */
export function parentReference(span: {
  readonly traceID: string;
  readonly references: readonly JaegerReference[];
  readonly parentSpanID?: string | undefined;
}): JaegerReference | undefined {
  const refs = span.references;
  if (refs.length === 0) {
    const id = span.parentSpanID;
    return id === undefined || id === '' || ZERO_ID.test(id)
      ? undefined
      : { refType: 'CHILD_OF', traceID: span.traceID, spanID: id };
  }
  // One pass, keeping the best by rank: local CHILD_OF, CHILD_OF, local FOLLOWS_FROM, FOLLOWS_FROM.
  let best: JaegerReference | undefined;
  let bestRank = 4;
  for (const r of refs) {
    const local = r.traceID === span.traceID || r.traceID.toLowerCase() === span.traceID.toLowerCase();
    const rank = (r.refType === 'CHILD_OF' ? 0 : 2) + (local ? 0 : 1);
    if (rank < bestRank) {
      best = r;
      bestRank = rank;
      if (rank === 0) break;
    }
  }
  return best;
}

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
};

export interface Working {
  readonly sentID: string;
  id: string;
  parent: number;
  parentRef: JaegerReference | undefined;
  readonly warnings: string[];
}

/** Steps 2 and 3: unique ids, each span's parent index (-1: top level) and its warnings. */
export function linkSpans(spans: JaegerTrace['spans']): Working[] {
  const firstIndexOf = new Map<string, number>();
  // Every id sent, built only when a repeat needs a fresh suffix (rare).
  let used: Set<string> | undefined;
  const repeats = new Map<string, number>();
  const work: Working[] = spans.map((s, i) => {
    const w: Working = { sentID: s.spanID, id: s.spanID, parent: -1, parentRef: undefined, warnings: [] };
    const seen = repeats.get(s.spanID);
    if (seen === undefined) {
      repeats.set(s.spanID, 1);
      firstIndexOf.set(s.spanID, i);
      return w;
    }
    used ??= new Set(spans.map((x) => x.spanID));
    let n = seen;
    while (used.has(`${s.spanID}_${n}`)) n++;
    w.id = `${s.spanID}_${n}`;
    used.add(w.id);
    repeats.set(s.spanID, n + 1);
    w.warnings.push(
      `Duplicate span ID ${s.spanID}: this is its ${ordinal(seen + 1)} span in the trace, shown as ${w.id}`,
    );
    return w;
  });
  spans.forEach((s, i) => {
    const w = work[i];
    const ref = parentReference(s);
    if (w === undefined || ref === undefined) return;
    const parent = firstIndexOf.get(ref.spanID);
    if (parent === undefined || parent === i) {
      const already = (s.warnings ?? []).some((x) => x.includes('invalid parent') && x.includes(ref.spanID));
      if (!already)
        w.warnings.push(
          `Invalid parent span ID ${ref.spanID}: no such span in this trace (the parent may not have been received); shown at the top level, clock skew not adjusted`,
        );
      return;
    }
    w.parent = parent;
    w.parentRef = ref;
  });
  breakCycles(work);
  return work;
}

/** A parent chain that loops would hide its spans from the tree: the loop is cut at one span. */
function breakCycles(work: Working[]): void {
  // 0: not seen, 1: on the chain being walked, 2: known to reach the top level.
  const state = new Uint8Array(work.length);
  const chain: number[] = [];
  for (let start = 0; start < work.length; start++) {
    let i = start;
    while (i !== -1 && state[i] === 0) {
      state[i] = 1;
      chain.push(i);
      i = work[i]?.parent ?? -1;
    }
    if (i !== -1 && state[i] === 1) {
      const w = work[i];
      if (w !== undefined) {
        w.warnings.push(
          `The parent references of span ${w.id} form a loop (through ${w.parentRef?.spanID ?? '?'}); shown at the top level`,
        );
        w.parent = -1;
        w.parentRef = undefined;
      }
    }
    for (const c of chain) state[c] = 2;
    chain.length = 0;
  }
}
