/**
 * trafficGenerator finalizer (kiali appender/traffic_generator.go), always run last: a node
 * with outgoing edges that is no edge's destination is a root (`isRoot`).
 */
import type { TrafficMap } from '../traffic-map.ts';
import type { Finalizer } from './context.ts';

export const trafficGeneratorFinalizer: Finalizer = {
  name: 'trafficGenerator',
  finalize(map: TrafficMap): void {
    const destinations = new Set<string>();
    for (const node of map.values()) for (const e of node.edges) destinations.add(e.dest.id);
    for (const node of map.values()) {
      if (node.edges.length > 0 && !destinations.has(node.id)) node.meta.isRoot = true;
    }
  },
};
