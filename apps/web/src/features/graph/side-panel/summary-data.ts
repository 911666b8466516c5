/**
 * What the side panel shows, computed from the graph JSON as Kiali's summary panels compute it
 * (kiali frontend `utils/TrafficRate.ts`): a node's inbound rates are its own (`httpIn`,
 * `httpIn3xx`, `httpIn4xx`, `httpIn5xx`, `httpInNoResponse`, `grpcIn`, `grpcInErr`, …), its
 * outbound rates are the sum of its outgoing edges; errors are 4xx, 5xx and no response for
 * HTTP, any non-OK status and no response for gRPC. Namespace totals sum the edges into the
 * namespace's nodes.
 */
import type { GraphEdgeData, GraphJson, GraphNodeData } from '@meshlens/mesh-core/graph';

const num = (s: string | undefined): number => {
  const n = Number(s);
  return s === undefined || !Number.isFinite(n) ? 0 : n;
};

export interface RequestRates {
  readonly total: number;
  readonly r3xx: number;
  readonly r4xx: number;
  readonly r5xx: number;
  /** gRPC: requests answered with a non-OK status. */
  readonly grpcErr: number;
  readonly noResponse: number;
}

export const NO_REQUESTS: RequestRates = { total: 0, r3xx: 0, r4xx: 0, r5xx: 0, grpcErr: 0, noResponse: 0 };

export function addRates(a: RequestRates, b: RequestRates): RequestRates {
  return {
    total: a.total + b.total,
    r3xx: a.r3xx + b.r3xx,
    r4xx: a.r4xx + b.r4xx,
    r5xx: a.r5xx + b.r5xx,
    grpcErr: a.grpcErr + b.grpcErr,
    noResponse: a.noResponse + b.noResponse,
  };
}

export function errorRate(r: RequestRates): number {
  return r.r4xx + r.r5xx + r.grpcErr + r.noResponse;
}

/** Percent of requests that failed; 0 without requests. */
export function percentError(r: RequestRates): number {
  return r.total > 0 ? (errorRate(r) / r.total) * 100 : 0;
}

function trafficRates(
  traffic: readonly { protocol?: string; rates?: Record<string, string> }[] | undefined,
  protocol: string,
) {
  return traffic?.find((t) => t.protocol === protocol)?.rates ?? {};
}

/** A node's own inbound rates of `protocol` (`http` or `grpc`). */
export function nodeInRates(node: GraphNodeData, protocol: 'http' | 'grpc'): RequestRates {
  const r = trafficRates(node.traffic, protocol);
  return protocol === 'http'
    ? {
        ...NO_REQUESTS,
        total: num(r['httpIn']),
        r3xx: num(r['httpIn3xx']),
        r4xx: num(r['httpIn4xx']),
        r5xx: num(r['httpIn5xx']),
        noResponse: num(r['httpInNoResponse']),
      }
    : {
        ...NO_REQUESTS,
        total: num(r['grpcIn']),
        grpcErr: num(r['grpcInErr']),
        noResponse: num(r['grpcInNoResponse']),
      };
}

/** One edge's rates of `protocol`; nothing when the edge carries another protocol. */
export function edgeRates(edge: GraphEdgeData, protocol: 'http' | 'grpc'): RequestRates {
  if (edge.traffic.protocol !== protocol) return NO_REQUESTS;
  const r = edge.traffic.rates ?? {};
  return protocol === 'http'
    ? {
        ...NO_REQUESTS,
        total: num(r['http']),
        r3xx: num(r['http3xx']),
        r4xx: num(r['http4xx']),
        r5xx: num(r['http5xx']),
        noResponse: num(r['httpNoResponse']),
      }
    : {
        ...NO_REQUESTS,
        total: num(r['grpc']),
        grpcErr: num(r['grpcErr']),
        noResponse: num(r['grpcNoResponse']),
      };
}

export function sumEdgeRates(edges: readonly GraphEdgeData[], protocol: 'http' | 'grpc'): RequestRates {
  return edges.reduce((acc, e) => addRates(acc, edgeRates(e, protocol)), NO_REQUESTS);
}

export function edgeTcpRate(edge: GraphEdgeData): number {
  return edge.traffic.protocol === 'tcp' ? num(edge.traffic.rates?.['tcp']) : 0;
}

export interface NodeTraffic {
  readonly httpIn: RequestRates;
  readonly httpOut: RequestRates;
  readonly grpcIn: RequestRates;
  readonly grpcOut: RequestRates;
  /** Bytes per second. */
  readonly tcpIn: number;
  readonly tcpOut: number;
}

export function nodeTraffic(node: GraphNodeData, graph: GraphJson): NodeTraffic {
  const out = graph.elements.edges.map((e) => e.data).filter((e) => e.source === node.id);
  return {
    httpIn: nodeInRates(node, 'http'),
    httpOut: sumEdgeRates(out, 'http'),
    grpcIn: nodeInRates(node, 'grpc'),
    grpcOut: sumEdgeRates(out, 'grpc'),
    tcpIn: num(trafficRates(node.traffic, 'tcp')['tcpIn']),
    tcpOut: out.reduce((sum, e) => sum + edgeTcpRate(e), 0),
  };
}

export interface NamespaceTotals {
  /** The namespace, or undefined for the whole graph. */
  readonly namespace: string | undefined;
  readonly http: RequestRates;
  readonly grpc: RequestRates;
  readonly tcp: number;
}

function totalsOf(namespace: string | undefined, edges: readonly GraphEdgeData[]): NamespaceTotals {
  return {
    namespace,
    http: sumEdgeRates(edges, 'http'),
    grpc: sumEdgeRates(edges, 'grpc'),
    tcp: edges.reduce((sum, e) => sum + edgeTcpRate(e), 0),
  };
}

/**
 * Per namespace, the traffic its nodes receive; then the whole graph's. Each request counts once:
 * outside a service graph, a service node is one injected between caller and workload, so the
 * edge leaving it repeats the edge into it and is left out.
 */
export function namespaceTotals(graph: GraphJson, namespaces: readonly string[]): NamespaceTotals[] {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const nsOf = new Map([...nodes].map(([id, n]) => [id, n.namespace]));
  const fromInjected = (e: GraphEdgeData): boolean =>
    graph.graphType !== 'service' && nodes.get(e.source)?.nodeType === 'service';
  const edges = graph.elements.edges.map((e) => e.data).filter((e) => !fromInjected(e));
  return [
    ...namespaces.map((ns) =>
      totalsOf(
        ns,
        edges.filter((e) => nsOf.get(e.target) === ns),
      ),
    ),
    totalsOf(undefined, edges),
  ];
}

export interface TopologyCounts {
  readonly apps: number;
  readonly versions: number;
  readonly services: number;
  readonly workloads: number;
  readonly edges: number;
}

/** Kiali's graph summary counts (`renderTopologySummary`). */
export function topologyCounts(graph: GraphJson): TopologyCounts {
  const apps = new Set<string>();
  let versions = 0;
  let services = 0;
  let workloads = 0;
  for (const { data: n } of graph.elements.nodes) {
    if (n.nodeType === 'app') {
      apps.add(`${n.namespace}/${n.app ?? ''}`);
      if (n.version !== undefined && n.version !== '') versions++;
    } else if (n.nodeType === 'service') services++;
    else if (n.nodeType === 'workload') workloads++;
  }
  return { apps: apps.size, versions, services, workloads, edges: graph.elements.edges.length };
}

export interface ResponseRow {
  readonly code: string;
  readonly flag: string;
  readonly hosts: readonly string[];
  /** Percent of the edge's requests with this code and flag. */
  readonly percent: number;
}

/** One row per response code and flag (Kiali's response flags table), largest share first. */
export function responseRows(edge: GraphEdgeData): ResponseRow[] {
  const rows: ResponseRow[] = [];
  for (const [code, detail] of Object.entries(edge.traffic.responses ?? {})) {
    const hosts = Object.keys(detail.hosts ?? {});
    const flags = Object.entries(detail.flags ?? {});
    if (flags.length === 0) rows.push({ code, flag: '-', hosts, percent: 0 });
    for (const [flag, pct] of flags) rows.push({ code, flag, hosts, percent: num(pct) });
  }
  return rows.sort((a, b) => b.percent - a.percent || a.code.localeCompare(b.code));
}

/** Envoy's response flags as Kiali describes them (kiali frontend `utils/ResponseFlags.ts`). */
export const RESPONSE_FLAGS: Readonly<Record<string, string>> = {
  '-': 'No flags',
  DC: 'Downstream connection termination',
  DI: 'Delayed via fault injection',
  DPE: 'Downstream protocol error',
  FI: 'Aborted via fault injection',
  IH: 'Invalid request header',
  LH: 'Failed local health check',
  LR: 'Connection local reset',
  NC: 'Upstream cluster not found',
  NR: 'No route configured',
  RL: 'Rate limited (local)',
  RLSE: 'Rate limit service error',
  SI: 'Stream idle timeout',
  UAEX: 'Unauthorized external service',
  UC: 'Upstream connection termination',
  UF: 'Upstream connection failure',
  UH: 'No healthy upstream hosts',
  UMSDR: 'Upstream request reached max stream duration',
  UO: 'Upstream overflow (circuit breaking)',
  UPE: 'Upstream protocol error',
  URX: 'Upstream retry limit exceeded',
  UT: 'Upstream request timeout',
};

export function describeFlags(flag: string): string {
  return flag
    .split(',')
    .map((f) => {
      const d = RESPONSE_FLAGS[f];
      return d === undefined ? f : `${f} (${d})`;
    })
    .join(', ');
}
