/**
 * deadNode appender (kiali appender/dead_node.go). Removes nodes without traffic whose backing
 * workload no longer exists (always the `unknown` node when it has no traffic), and service
 * nodes without traffic or outgoing edges (unless they are egress clusters); flags workloads
 * that exist with no instance as `isDead`. Removal can orphan other nodes, so it repeats until
 * nothing changes, each pass linear in nodes and edges.
 */
import { isOK } from '../node-id.ts';
import type { GraphNode, TrafficMap } from '../traffic-map.ts';
import { setEdges } from '../traffic-map.ts';
import type { AppenderContext, NamespaceAppender, NamespaceContext } from './context.ts';
import { hasTraffic } from './context.ts';

function isRemovable(node: GraphNode, ctx: AppenderContext): boolean {
  if (hasTraffic(node.rates)) return false;
  switch (node.nodeType) {
    case 'aggregate':
    case 'box':
      return false;
    case 'service':
      return node.edges.length === 0 && node.meta.isEgressCluster !== true;
    case 'app':
    case 'workload':
    case 'unknown': {
      // Versionless app nodes have no single workload, so they cannot be missing one.
      if (node.nodeType !== 'unknown' && !isOK(node.workload)) return false;
      if (node.nodeType !== 'unknown' && !ctx.inventory.isAccessible(node.namespace)) return false;
      const workload = ctx.inventory.workload(node.namespace, node.workload);
      if (workload === undefined) return true;
      if (workload.currentReplicas === 0) node.meta.isDead = true;
      return false;
    }
  }
}

export const deadNodeAppender: NamespaceAppender = {
  name: 'deadNode',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    for (let tries = map.size; tries > 0; tries--) {
      let removed = 0;
      for (const [id, node] of map) {
        if (isRemovable(node, ctx)) {
          map.delete(id);
          removed++;
        }
      }
      if (removed === 0) return;
      for (const node of map.values()) {
        if (node.edges.some((e) => !map.has(e.dest.id))) {
          setEdges(
            node,
            node.edges.filter((e) => map.has(e.dest.id)),
          );
        }
      }
    }
  },
};
