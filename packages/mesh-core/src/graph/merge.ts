/**
 * Merging namespace traffic maps into the graph (kiali graph/telemetry/common.go
 * `MergeTrafficMaps`). A node present in both is kept from the namespace it belongs to (that
 * copy went through every appender), and takes the other copy's edges it does not have — a
 * namespace's terminal node can be another's root. Edges then point at the kept copies.
 */
import { addOutgoingEdge } from './protocols.ts';
import type { TrafficMap } from './traffic-map.ts';
import { indexEdge, lookupEdge } from './traffic-map.ts';

export function mergeTrafficMap(into: TrafficMap, namespace: string, from: TrafficMap): void {
  for (const [id, incoming] of from) {
    const existing = into.get(id);
    if (existing === undefined) {
      into.set(id, incoming);
      continue;
    }
    let keep = existing;
    let other = incoming;
    if (incoming.namespace === namespace) {
      into.set(id, incoming);
      keep = incoming;
      other = existing;
    }
    for (const edge of other.edges) {
      if (lookupEdge(keep.edgeIndex, edge.dest.id, edge.protocol) !== undefined) continue;
      edge.source = keep;
      keep.edges.push(edge);
      indexEdge(keep.edgeIndex, edge);
      addOutgoingEdge(keep, edge);
    }
  }
}

/** After merging: every edge's destination is the node the graph kept for that id. */
export function relinkEdges(map: TrafficMap): void {
  for (const node of map.values()) {
    for (const edge of node.edges) {
      const kept = map.get(edge.dest.id);
      if (kept !== undefined) edge.dest = kept;
    }
  }
}
