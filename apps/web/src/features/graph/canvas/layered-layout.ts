/**
 * A fast layered layout for big graphs, left to right like Kiali's dagre graph: dagre on a
 * thousand compound nodes takes many seconds in the browser, this takes milliseconds.
 *
 * 1. Cycles are broken by reversing the back edges of a depth-first search.
 * 2. Layers: longest path from the traffic sources (nodes nobody calls) — layer = x.
 * 3. Boxes (namespace, app) stay rectangles: each box stacks its children (leaf nodes and inner
 *    boxes) with a skyline packing over the layers each child spans, so siblings never overlap
 *    and a box's nodes are contiguous; boxes then size themselves around their children.
 * 4. Order: children sorted by first layer, then by the barycenter of their neighbours' heights
 *    in the previous pass (two sweeps), which removes most crossings.
 *
 * Only leaf nodes get positions (cytoscape's `preset`); compound boxes follow their children.
 * Cost: O(V + E) per pass, plus a sort per box, times the box nesting depth.
 */

export interface LayeredNode {
  readonly id: string;
  /** The enclosing box's id, when the node sits in one. */
  readonly parent?: string | undefined;
}

export interface LayeredEdge {
  readonly source: string;
  readonly target: string;
}

export interface LayeredOptions {
  /** Horizontal distance between layers (leaf centres). */
  readonly layerSpacing: number;
  /** Vertical room of one leaf node, its label included. */
  readonly rowHeight: number;
  /** Room inside a box above its children. */
  readonly boxPaddingTop: number;
  /** Room inside and below a box under its children: its padding and its label. */
  readonly boxPaddingBottom: number;
}

export const DEFAULT_LAYERED_OPTIONS: LayeredOptions = {
  layerSpacing: 180,
  rowHeight: 64,
  boxPaddingTop: 16,
  boxPaddingBottom: 40,
};

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LayeredResult {
  /** Leaf node id → centre position. */
  readonly positions: Map<string, Point>;
  /** Leaf node id → layer (0 = traffic sources). */
  readonly layers: Map<string, number>;
}

/** A child of a box during packing: a leaf or an inner box. */
interface Item {
  readonly id: string;
  readonly leaf: boolean;
  readonly minLayer: number;
  readonly maxLayer: number;
  readonly height: number;
  /** Sort key from the previous pass. */
  readonly bary: number;
  /** Input order, the last tie breaker, so the result is deterministic. */
  readonly order: number;
}

export function layeredLayout(
  nodes: readonly LayeredNode[],
  edges: readonly LayeredEdge[],
  options: LayeredOptions = DEFAULT_LAYERED_OPTIONS,
): LayeredResult {
  const ids = new Set(nodes.map((n) => n.id));
  const parentOf = new Map<string, string>();
  for (const n of nodes) if (n.parent !== undefined && ids.has(n.parent)) parentOf.set(n.id, n.parent);
  const boxes = new Set(parentOf.values());
  const leaves = nodes.filter((n) => !boxes.has(n.id)).map((n) => n.id);
  const leafSet = new Set(leaves);

  // Edges between leaves only (Kiali's edges join leaves); self loops do not order anything.
  const out = new Map<string, string[]>();
  const neighbours = new Map<string, string[]>();
  for (const id of leaves) {
    out.set(id, []);
    neighbours.set(id, []);
  }
  for (const e of edges) {
    if (e.source === e.target || !leafSet.has(e.source) || !leafSet.has(e.target)) continue;
    out.get(e.source)?.push(e.target);
    neighbours.get(e.source)?.push(e.target);
    neighbours.get(e.target)?.push(e.source);
  }

  const layers = longestPathLayers(leaves, out);
  const positions = new Map<string, Point>();

  // Children of every box, and the top level (key ''), in input order.
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    const key = parentOf.get(n.id) ?? '';
    const list = children.get(key);
    if (list === undefined) children.set(key, [n.id]);
    else list.push(n.id);
  }
  const order = new Map(nodes.map((n, i) => [n.id, i]));

  // Pass 0 orders by input; each later pass by the barycenters the previous one produced.
  let bary = new Map<string, number>();
  // Moves every leaf inside a box (boxes are packed at y 0, then put in their place).
  const shift = (boxId: string, dx: number, dy: number): void => {
    for (const id of children.get(boxId) ?? []) {
      if (boxes.has(id)) shift(id, dx, dy);
      else {
        const p = positions.get(id);
        if (p !== undefined) positions.set(id, { x: p.x + dx, y: p.y + dy });
      }
    }
  };
  const place = (boxId: string): Item => {
    const items: Item[] = [];
    for (const id of children.get(boxId) ?? []) {
      const layer = layers.get(id) ?? 0;
      items.push(
        boxes.has(id)
          ? place(id)
          : {
              id,
              leaf: true,
              minLayer: layer,
              maxLayer: layer,
              height: options.rowHeight,
              bary: bary.get(id) ?? 0,
              order: order.get(id) ?? 0,
            },
      );
    }
    items.sort((a, b) => a.minLayer - b.minLayer || a.bary - b.bary || a.order - b.order);
    // At the top level, boxes wrap into columns once a column is this tall, so that ten
    // namespaces make a wide picture that fits a screen rather than one tall stack.
    const wrapAt = boxId === '' ? wrapHeight(items, options) : Number.POSITIVE_INFINITY;
    // Skyline packing: each child goes at the lowest height free over all the layers it spans.
    let skyline = new Map<number, number>();
    let columnX = 0;
    let columnBase = items[0]?.minLayer ?? 0;
    let columnMaxLayer = columnBase;
    let bottom = 0;
    let minLayer = Number.POSITIVE_INFINITY;
    let maxLayer = Number.NEGATIVE_INFINITY;
    let barySum = 0;
    for (const item of items) {
      let y = 0;
      for (let l = item.minLayer; l <= item.maxLayer; l++) y = Math.max(y, skyline.get(l) ?? 0);
      if (!item.leaf && y > 0 && y + item.height > wrapAt) {
        columnX += (columnMaxLayer - columnBase + 1) * options.layerSpacing;
        columnBase = item.minLayer;
        columnMaxLayer = item.maxLayer;
        skyline = new Map();
        y = 0;
      }
      columnMaxLayer = Math.max(columnMaxLayer, item.maxLayer);
      for (let l = item.minLayer; l <= item.maxLayer; l++) skyline.set(l, y + item.height);
      // Inside a box x is the layer's; only top-level columns move their contents sideways.
      const dx = boxId === '' ? columnX - columnBase * options.layerSpacing : 0;
      if (item.leaf)
        positions.set(item.id, {
          x: dx + item.minLayer * options.layerSpacing,
          y: y + options.rowHeight / 3,
        });
      else shift(item.id, dx, y + options.boxPaddingTop);
      bottom = Math.max(bottom, y + item.height);
      minLayer = Math.min(minLayer, item.minLayer);
      maxLayer = Math.max(maxLayer, item.maxLayer);
      barySum += item.bary;
    }
    return {
      id: boxId,
      leaf: false,
      minLayer: Number.isFinite(minLayer) ? minLayer : 0,
      maxLayer: Number.isFinite(maxLayer) ? maxLayer : 0,
      height: options.boxPaddingTop + bottom + options.boxPaddingBottom,
      bary: items.length === 0 ? 0 : barySum / items.length,
      order: order.get(boxId) ?? 0,
    };
  };
  for (let pass = 0; pass < 3; pass++) {
    positions.clear();
    // The top level ('') is not a box: its padding is harmless, fit ignores the offset.
    place('');
    if (pass < 2) bary = barycenters(leaves, neighbours, positions);
  }
  return { positions, layers };
}

/** Boxes are about this much wider than tall once wrapped into columns (a graph panel's shape). */
const ASPECT = 1.3;

/**
 * The column height at which to wrap the top-level boxes: of the heights that split them into
 * 1, 2, … columns (stacked in order), the one whose picture is closest to `ASPECT`.
 */
function wrapHeight(items: readonly Item[], options: LayeredOptions): number {
  const boxes = items.filter((i) => !i.leaf);
  const total = boxes.reduce((sum, b) => sum + b.height, 0);
  let best = Number.POSITIVE_INFINITY;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let k = 1; k <= boxes.length; k++) {
    const limit = total / k;
    let width = 0;
    let height = 0;
    let columnHeight = 0;
    let columnLayers = 0;
    for (const b of boxes) {
      if (columnHeight > 0 && columnHeight + b.height > limit) {
        width += columnLayers * options.layerSpacing;
        columnHeight = 0;
        columnLayers = 0;
      }
      columnHeight += b.height;
      columnLayers = Math.max(columnLayers, b.maxLayer - b.minLayer + 1);
      height = Math.max(height, columnHeight);
    }
    width += columnLayers * options.layerSpacing;
    const score = Math.abs(Math.log(width / height / ASPECT));
    if (score < bestScore) {
      bestScore = score;
      best = limit;
    }
  }
  return best;
}

/** Each leaf's mean neighbour height (its own height when it has no neighbours). */
function barycenters(
  leaves: readonly string[],
  neighbours: ReadonlyMap<string, readonly string[]>,
  positions: ReadonlyMap<string, Point>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of leaves) {
    let sum = 0;
    let count = 0;
    for (const n of neighbours.get(id) ?? []) {
      const p = positions.get(n);
      if (p === undefined) continue;
      sum += p.y;
      count++;
    }
    out.set(id, count === 0 ? (positions.get(id)?.y ?? 0) : sum / count);
  }
  return out;
}

/**
 * Longest-path layering on the graph with its DFS back edges reversed: every edge goes from a
 * lower layer to a higher one, and traffic sources sit in layer 0. Iterative (no recursion
 * limit on long chains).
 */
export function longestPathLayers(
  leaves: readonly string[],
  out: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  // DFS colours: 0 unseen, 1 on the stack, 2 done. Back edges (to a node on the stack) are cut.
  const colour = new Map<string, number>();
  const dag = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const id of leaves) {
    dag.set(id, []);
    indegree.set(id, 0);
  }
  // Start from the traffic sources (nobody calls them), so cycles are cut where traffic returns.
  const callers = new Map<string, number>();
  for (const targets of out.values()) for (const t of targets) callers.set(t, (callers.get(t) ?? 0) + 1);
  const isSource = (id: string): number => ((callers.get(id) ?? 0) === 0 ? 0 : 1);
  const starts = [...leaves].sort((a, b) => isSource(a) - isSource(b));

  const reversed: Array<[string, string]> = [];
  for (const start of starts) {
    if ((colour.get(start) ?? 0) !== 0) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    colour.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const targets = out.get(top.id) ?? [];
      if (top.next >= targets.length) {
        colour.set(top.id, 2);
        stack.pop();
        continue;
      }
      const t = targets[top.next++];
      if (t === undefined) continue;
      const c = colour.get(t) ?? 0;
      if (c === 1) reversed.push([t, top.id]);
      else {
        dag.get(top.id)?.push(t);
        if (c === 0) {
          colour.set(t, 1);
          stack.push({ id: t, next: 0 });
        }
      }
    }
  }
  for (const [s, t] of reversed) dag.get(s)?.push(t);
  for (const targets of dag.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);

  // Kahn's order over the DAG; a node's layer is one more than its deepest caller's.
  const layer = new Map<string, number>();
  const queue: string[] = [];
  for (const id of leaves) {
    layer.set(id, 0);
    if (indegree.get(id) === 0) queue.push(id);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (id === undefined) continue;
    const l = layer.get(id) ?? 0;
    for (const t of dag.get(id) ?? []) {
      if ((layer.get(t) ?? 0) < l + 1) layer.set(t, l + 1);
      const d = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  return layer;
}
