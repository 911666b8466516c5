/**
 * Reducing a service-injected workload graph to a service graph (kiali graph/telemetry/
 * common.go `ReduceToServiceGraph`): workload nodes disappear and each service node gets edges
 * straight to the services its workloads called, with the traffic of all those workloads
 * summed. Root nodes that call services stay, so the graph still shows where traffic enters.
 * Traffic that ends at a workload is lost, which is the nature of this graph type.
 */
import { addOutgoingEdge, aggregateEdgeTraffic, resetOutgoing } from './protocols.ts';
import type { GraphEdge, GraphNode, ResponseDetail, TrafficMap } from './traffic-map.ts';
import { indexEdge, lookupEdge, newResponseDetail, setEdges } from './traffic-map.ts';

function cloneEdge(edge: GraphEdge, source: GraphNode): GraphEdge {
  const responses = new Map<string, ResponseDetail>();
  for (const [code, d] of edge.responses) {
    const copy = newResponseDetail();
    d.flags.keys.forEach((k, i) => {
      copy.flags.add(k, d.flags.values[i] ?? 0);
    });
    d.hosts.keys.forEach((k, i) => {
      copy.hosts.add(k, d.hosts.values[i] ?? 0);
    });
    responses.set(code, copy);
  }
  return {
    source,
    dest: edge.dest,
    protocol: edge.protocol,
    rates: { ...edge.rates },
    responses,
    meta: { ...edge.meta },
  };
}

export function reduceToServiceGraph(map: TrafficMap): TrafficMap {
  const reduced: TrafficMap = new Map();
  for (const [id, node] of map) {
    if (node.nodeType !== 'service') {
      if (node.meta.isRoot !== true) continue;
      const toServices = node.edges.filter((e) => e.dest.nodeType === 'service');
      if (toServices.length === 0) continue;
      resetOutgoing(node);
      for (const e of toServices) addOutgoingEdge(node, e);
      setEdges(node, toServices);
      reduced.set(id, node);
      continue;
    }
    reduced.set(id, node);
    resetOutgoing(node);
    const edges: GraphEdge[] = [];
    const index = new Map<string, GraphEdge[]>();
    for (const toWorkload of node.edges) {
      if (toWorkload.dest.nodeType !== 'workload') continue;
      for (const toService of toWorkload.dest.edges) {
        if (toService.dest.nodeType !== 'service') continue;
        const existing = lookupEdge(index, toService.dest.id, toService.protocol);
        if (existing === undefined) {
          const edge = cloneEdge(toService, node);
          edges.push(edge);
          indexEdge(index, edge);
          addOutgoingEdge(node, edge);
        } else {
          addOutgoingEdge(node, toService);
          aggregateEdgeTraffic(toService, existing);
        }
      }
    }
    node.edges = edges;
    node.edgeIndex = index;
  }
  return reduced;
}
