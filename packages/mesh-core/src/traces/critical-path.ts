/**
 * Jaeger UI's critical path (`components/TracePage/CriticalPath`): the parts of spans that the
 * trace's end waited on.
 *
 * Per top-level span (Jaeger computes one path per root):
 * 1. Spans whose parent is a FOLLOWS_FROM reference, and everything under them, are left out: they
 *    do not block their parent (Jaeger's `getChildOfSpans`).
 * 2. Children that overflow their parent are cut to it; a child wholly outside it is dropped with
 *    its subtree (`sanitizeOverFlowingChildren`), parents first, against the parent's cut times.
 * 3. Each span's children are ordered by end time, latest first. From the root: the part of the
 *    span after its last-finishing child (LFC) is on the path, then the walk continues in that
 *    child. A span with no (more) children has the part from its start on the path, and the walk
 *    returns to its parent with the span's start as the bound: the parent's next LFC is the child
 *    that ended before it (`computeCriticalPath`). Empty parts are not recorded.
 *
 * Jaeger UI rescans a parent's children on every return; since the bound only decreases, a
 * pointer per span that never moves back gives the same answer: O(n log n) for the sorts, linear
 * for the walk. The walk is a loop, not recursion, so a 5,000-level chain does not overflow.
 */
import type { Microseconds } from '../api/traces.ts';

export interface CriticalPathNode {
  /** Microseconds since the epoch. */
  readonly start: Microseconds;
  readonly duration: Microseconds;
  /** The parent's index, lower than the node's own (tree order); -1 for a top-level span. */
  readonly parent: number;
  /** The parent is a FOLLOWS_FROM reference. */
  readonly followsFrom: boolean;
}

export interface CriticalPathSection {
  /** Index of the span in the input. */
  readonly spanIndex: number;
  readonly startUs: Microseconds;
  readonly endUs: Microseconds;
}

export interface CriticalPathResult {
  /** In the order the walk finds them (from the trace's end backwards). */
  readonly sections: readonly CriticalPathSection[];
  /** Per input index: its sections, earliest first (undefined: none). */
  readonly segmentsBySpan: ReadonlyArray<
    ReadonlyArray<{ startUs: Microseconds; endUs: Microseconds }> | undefined
  >;
}

/** Steps 1 and 2: which spans stay, and their times cut to their parents'. */
function sanitize(nodes: readonly CriticalPathNode[]): {
  kept: Uint8Array;
  start: Float64Array;
  end: Float64Array;
} {
  const n = nodes.length;
  const kept = new Uint8Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  nodes.forEach((node, i) => {
    const p = node.parent;
    let s = node.start;
    let e = node.start + node.duration;
    if (p !== -1) {
      if (kept[p] !== 1 || node.followsFrom) return;
      const ps = start[p] ?? 0;
      const pe = end[p] ?? 0;
      if (s >= ps) {
        if (s >= pe) return;
        if (e > pe) e = pe;
      } else {
        if (e <= ps) return;
        s = ps;
        if (e > pe) e = pe;
      }
    }
    kept[i] = 1;
    start[i] = s;
    end[i] = e;
  });
  return { kept, start, end };
}

export function computeCriticalPath(nodes: readonly CriticalPathNode[]): CriticalPathResult {
  const n = nodes.length;
  const { kept, start, end } = sanitize(nodes);
  const children: number[][] = nodes.map(() => []);
  const roots: number[] = [];
  nodes.forEach((node, i) => {
    if (kept[i] !== 1) return;
    if (node.parent === -1) roots.push(i);
    else children[node.parent]?.push(i);
  });
  const endOf = (i: number): number => end[i] ?? 0;
  for (const list of children) if (list.length > 1) list.sort((a, b) => endOf(b) - endOf(a));

  const sections: CriticalPathSection[] = [];
  const push = (spanIndex: number, startUs: number, endUs: number): void => {
    if (startUs !== endUs) sections.push({ spanIndex, startUs, endUs });
  };
  const next = new Int32Array(n);
  for (const root of roots) {
    let cur = root;
    let bound: number | undefined;
    for (;;) {
      const kids = children[cur] ?? [];
      let lfc: number | undefined;
      if (bound === undefined) lfc = kids[0];
      else {
        let k = next[cur] ?? 0;
        while (k < kids.length && endOf(kids[k] ?? 0) >= bound) k++;
        next[cur] = k;
        lfc = kids[k];
      }
      const sectionEnd = bound ?? endOf(cur);
      if (lfc !== undefined) {
        push(cur, endOf(lfc), sectionEnd);
        cur = lfc;
        bound = undefined;
        continue;
      }
      push(cur, start[cur] ?? 0, sectionEnd);
      const parent = nodes[cur]?.parent ?? -1;
      if (parent === -1) break;
      bound = start[cur] ?? 0;
      cur = parent;
    }
  }

  // Sparse: most spans are off the path. The walk goes backwards in time, so each span's
  // sections come latest first.
  const segmentsBySpan: Array<Array<{ startUs: number; endUs: number }> | undefined> = new Array<undefined>(
    n,
  );
  for (let k = sections.length - 1; k >= 0; k--) {
    const section = sections[k];
    if (section === undefined) continue;
    const list = (segmentsBySpan[section.spanIndex] ??= []);
    list.push({ startUs: section.startUs, endUs: section.endUs });
  }
  return { sections, segmentsBySpan };
}
