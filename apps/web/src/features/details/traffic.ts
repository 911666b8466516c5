/**
 * Kiali's TrafficDetails: from the node-detail graph (workload granularity, service nodes
 * injected), the object's own nodes are found (its workloads for an app, the workload, or the
 * service node); every edge from another node into them is inbound traffic from that peer, and
 * every edge from them to another node is outbound traffic to that peer. Edges to or from the
 * same peer over the same protocol are summed; the success rate is weighted by request rate.
 */
import type { GraphJson, GraphNodeData } from '@meshlens/mesh-core/graph';
import type { HealthStatus } from '@meshlens/mesh-core/health';
import type { DetailTarget } from './queries.ts';

export interface TrafficPeer {
  readonly id: string;
  readonly nodeType: GraphNodeData['nodeType'];
  readonly name: string;
  readonly namespace: string;
  readonly protocol: string;
  /** Requests per second (HTTP, gRPC) or bytes per second (TCP). */
  readonly rate: number;
  /** Percent of requests that did not fail; undefined for TCP. */
  readonly successPct: number | undefined;
  readonly health: HealthStatus | undefined;
}

export interface TrafficSummary {
  readonly inbound: readonly TrafficPeer[];
  readonly outbound: readonly TrafficPeer[];
}

export function isOwnNode(n: GraphNodeData, t: DetailTarget): boolean {
  if (n.namespace !== t.namespace) return false;
  switch (t.kind) {
    case 'app':
      return n.nodeType !== 'service' && n.app === t.name;
    case 'workload':
      return n.workload === t.name;
    case 'service':
      return n.nodeType === 'service' && n.service === t.name;
  }
}

export function nodeName(n: GraphNodeData): string {
  switch (n.nodeType) {
    case 'service':
      return n.service ?? n.id;
    case 'workload':
      return n.workload ?? n.id;
    case 'app':
    case 'aggregate':
    case 'box':
    case 'unknown':
      return n.workload ?? n.app ?? n.service ?? n.id;
  }
}

function num(s: string | undefined): number {
  const v = Number(s ?? '0');
  return Number.isFinite(v) ? v : 0;
}

interface Acc {
  node: GraphNodeData;
  protocol: string;
  rate: number;
  errors: number;
}

function accumulate(
  map: Map<string, Acc>,
  node: GraphNodeData,
  traffic: GraphJson['elements']['edges'][number]['data']['traffic'],
): void {
  const protocol = traffic.protocol ?? 'tcp';
  const rates = traffic.rates ?? {};
  const rate = num(rates[protocol]);
  const errPct = num(rates[`${protocol}PercentErr`]);
  const key = `${node.id}/${protocol}`;
  const acc = map.get(key) ?? { node, protocol, rate: 0, errors: 0 };
  acc.rate += rate;
  acc.errors += (rate * errPct) / 100;
  map.set(key, acc);
}

function peers(map: Map<string, Acc>): TrafficPeer[] {
  return [...map.values()]
    .map((a) => ({
      id: a.node.id,
      nodeType: a.node.nodeType,
      name: nodeName(a.node),
      namespace: a.node.namespace,
      protocol: a.protocol,
      rate: a.rate,
      successPct: a.protocol === 'tcp' || a.rate === 0 ? undefined : ((a.rate - a.errors) / a.rate) * 100,
      health: a.node.healthStatus,
    }))
    .sort((x, y) => y.rate - x.rate || x.name.localeCompare(y.name));
}

export function trafficSummary(graph: GraphJson, target: DetailTarget): TrafficSummary {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const inbound = new Map<string, Acc>();
  const outbound = new Map<string, Acc>();
  for (const { data: e } of graph.elements.edges) {
    const source = nodes.get(e.source);
    const dest = nodes.get(e.target);
    if (source === undefined || dest === undefined) continue;
    const fromMe = isOwnNode(source, target);
    const toMe = isOwnNode(dest, target);
    if (toMe && !fromMe) accumulate(inbound, source, e.traffic);
    else if (fromMe && !toMe) accumulate(outbound, dest, e.traffic);
  }
  return { inbound: peers(inbound), outbound: peers(outbound) };
}
