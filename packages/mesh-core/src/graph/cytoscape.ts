/**
 * Converts the traffic map to Kiali's cytoscape JSON (kiali graph/config/cytoscape/cytoscape.go).
 *
 * Node and edge ids are the SHA-256 of Kiali's internal ids, so they are stable across refreshes.
 * Rates are strings with at least Kiali's precision and enough digits to show one significant
 * figure (up to 5). An edge's `httpPercentReq` is its share of the source's outgoing traffic of
 * that protocol; `httpPercentErr` its share of errors; `responses` break each code down into
 * percentages of the edge's traffic by response flags and by host.
 *
 * Boxes (compound nodes) are added inner first: by app (always for app and versionedApp graphs),
 * then namespace, then cluster; an app box needs two members, namespace and cluster boxes need
 * two boxes. Nodes are sorted boxes first (cluster, namespace, app), then by cluster, namespace,
 * app, version, service, workload; edges by source, target and protocol.
 */
import type { RateCounter } from './counters.ts';
import type { BoxBy, GraphOptions } from './model.ts';
import type { ProtocolDef, RateDef } from './protocols.ts';
import { PROTOCOLS } from './protocols.ts';
import { sha256Hex } from './sha256.ts';
import type { GraphEdge, GraphNode, TrafficMap } from './traffic-map.ts';
import type { GraphEdgeData, GraphJson, GraphNodeData, ProtocolTraffic } from './wire.ts';

/** Digits needed to show one significant figure of `value`, at most `max`. */
function neededPrecision(value: number, max: number): number {
  if (value <= 0) return 0;
  let precision = 0;
  let v = value;
  while (precision < max && v < 1) {
    v *= 10;
    precision++;
  }
  return precision;
}

export function formatRate(minPrecision: number, value: number): string {
  return value.toFixed(Math.max(minPrecision, neededPrecision(value, 5)));
}

function nodeTraffic(node: GraphNode): ProtocolTraffic[] | undefined {
  const traffic: ProtocolTraffic[] = [];
  for (const p of PROTOCOLS) {
    let rates: Record<string, string> | undefined;
    for (const r of p.nodeRates) {
      const v = node.rates[r.name] ?? 0;
      if (v > 0) (rates ??= {})[r.name] = formatRate(r.precision, v);
    }
    if (rates !== undefined) traffic.push({ protocol: p.name, rates });
  }
  return traffic.length > 0 ? traffic : undefined;
}

interface EdgeRateSpec {
  readonly protocol: ProtocolDef;
  readonly percentErr: RateDef | undefined;
  readonly percentReq: RateDef | undefined;
  readonly outRate: string | undefined;
}

const EDGE_SPECS = new Map<string, EdgeRateSpec>(
  PROTOCOLS.map((p) => [
    p.name,
    {
      protocol: p,
      percentErr: p.edgeRates.find((r) => r.isPercentErr === true),
      percentReq: p.edgeRates.find((r) => r.isPercentReq === true),
      outRate: p.nodeRates.find((r) => r.isOut === true)?.name,
    },
  ]),
);

function percentages(counter: RateCounter, total: number): Record<string, string> | undefined {
  if (counter.size === 0) return undefined;
  const out: Record<string, string> = {};
  counter.keys.forEach((key, i) => {
    out[key] = (((counter.values[i] ?? 0) / total) * 100).toFixed(1);
  });
  return out;
}

function edgeTraffic(edge: GraphEdge): ProtocolTraffic {
  const traffic: ProtocolTraffic = { protocol: edge.protocol };
  const spec = EDGE_SPECS.get(edge.protocol);
  if (spec === undefined) return traffic;
  let total = 0;
  let errors = 0;
  let rates: Record<string, string> | undefined;
  for (const r of spec.protocol.edgeRates) {
    const v = edge.rates[r.name] ?? 0;
    if (r.isTotal === true) total = v;
    else if (r.isErr === true) errors += v;
    if (v > 0) (rates ??= {})[r.name] = formatRate(r.precision, v);
  }
  if (rates === undefined || total <= 0) return traffic;
  if (spec.percentErr !== undefined && errors > 0) {
    rates[spec.percentErr.name] = ((errors / total) * 100).toFixed(spec.percentErr.precision);
  }
  if (spec.percentReq !== undefined && spec.outRate !== undefined) {
    const pct = (total / (edge.source.rates[spec.outRate] ?? 0)) * 100;
    if (pct > 0 && Number.isFinite(pct)) rates[spec.percentReq.name] = pct.toFixed(spec.percentReq.precision);
  }
  traffic.rates = rates;
  if (edge.responses.size > 0) {
    const responses: NonNullable<ProtocolTraffic['responses']> = {};
    for (const [code, detail] of edge.responses) {
      const flags = percentages(detail.flags, total);
      const hosts = percentages(detail.hosts, total);
      responses[code] =
        flags === undefined
          ? hosts === undefined
            ? {}
            : { hosts }
          : hosts === undefined
            ? { flags }
            : { flags, hosts };
    }
    traffic.responses = responses;
  }
  return traffic;
}

function nodeData(node: GraphNode): GraphNodeData {
  const m = node.meta;
  const d: GraphNodeData = {
    id: sha256Hex(node.id),
    nodeType: node.nodeType,
    cluster: node.cluster,
    namespace: node.namespace,
    healthData: m.healthData ?? null,
  };
  if (node.workload !== '') d.workload = node.workload;
  if (node.app !== '') d.app = node.app;
  if (node.version !== '') d.version = node.version;
  if (node.service !== '') d.service = node.service;
  if (m.destServices !== undefined) {
    d.destServices = [...m.destServices.values()].sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
  }
  const traffic = nodeTraffic(node);
  if (traffic !== undefined) d.traffic = traffic;
  if (m.healthStatus !== undefined) d.healthStatus = m.healthStatus;
  if (m.hasHealthConfig !== undefined && Object.keys(m.hasHealthConfig).length > 0) {
    d.hasHealthConfig = { ...m.hasHealthConfig };
  }
  if (m.isDead === true) d.isDead = true;
  if (m.gateway !== undefined) {
    const info = m.gateway.hostnames.length > 0 ? { hostnames: m.gateway.hostnames } : {};
    d.isGateway =
      m.gateway.type === 'ingress'
        ? { ingressInfo: info, egressInfo: {}, gatewayAPIInfo: {} }
        : { ingressInfo: {}, egressInfo: info, gatewayAPIInfo: {} };
  }
  if (m.isIdle === true) d.isIdle = true;
  if (m.isRoot === true) d.isRoot = true;
  if (m.isInaccessible === true) d.isInaccessible = true;
  if (m.hasCB === true) d.hasCB = true;
  if (m.hasVS !== undefined) {
    const hostnames = [...m.hasVS.values()].flat();
    d.hasVS = hostnames.length > 0 ? { hostnames } : {};
  }
  if (m.isOutOfMesh === true) d.isOutOfMesh = true;
  if (m.isOutside === true) d.isOutside = true;
  if (m.hasMirroring === true) d.hasMirroring = true;
  if (m.hasRequestRouting === true) d.hasRequestRouting = true;
  if (m.hasFaultInjection === true) d.hasFaultInjection = true;
  if (m.hasTrafficShifting === true) d.hasTrafficShifting = true;
  if (m.hasTCPTrafficShifting === true) d.hasTCPTrafficShifting = true;
  if (m.hasRequestTimeout === true) d.hasRequestTimeout = true;
  return d;
}

function edgeData(edge: GraphEdge, sourceId: string, targetId: string): GraphEdgeData {
  const m = edge.meta;
  const d: GraphEdgeData = {
    id: sha256Hex(`${sourceId}.${targetId}.${edge.protocol}`),
    source: sourceId,
    target: targetId,
    traffic: edgeTraffic(edge),
  };
  if (m.destPrincipal !== undefined) d.destPrincipal = m.destPrincipal;
  if (m.sourcePrincipal !== undefined) d.sourcePrincipal = m.sourcePrincipal;
  if (m.isMTLS !== undefined) d.isMTLS = m.isMTLS.toFixed(0);
  if (m.responseTime !== undefined) d.responseTime = m.responseTime.toFixed(0);
  if (m.throughput !== undefined) d.throughput = m.throughput.toFixed(0);
  if (m.healthStatus !== undefined) d.healthStatus = m.healthStatus;
  return d;
}

interface Boxable {
  readonly data: GraphNodeData;
  /** The app-wide health of an app node (its app box's health). */
  readonly appHealth?: { readonly data: unknown; readonly status: GraphNodeData['healthStatus'] };
}

function box(nodes: Boxable[], boxBy: BoxBy): void {
  const groups = new Map<string, Boxable[]>();
  for (const n of nodes) {
    const d = n.data;
    let key: string | undefined;
    if (boxBy === 'app') {
      if (d.app !== undefined && d.app !== 'unknown') key = `box_${d.cluster}_${d.namespace}_${d.app}`;
    } else if (d.parent === undefined) {
      if (boxBy === 'namespace' && d.namespace !== 'unknown') key = `box_${d.cluster}_${d.namespace}`;
      if (boxBy === 'cluster' && d.cluster !== 'unknown') key = `box_${d.cluster}`;
    }
    if (key === undefined) continue;
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [n]);
    else members.push(n);
  }
  if (boxBy !== 'app' && groups.size <= 1) return;
  for (const [key, members] of groups) {
    const first = members[0];
    if (first === undefined || members.length < 2) continue;
    const boxNode: GraphNodeData = {
      id: sha256Hex(key),
      nodeType: 'box',
      cluster: first.data.cluster,
      namespace: boxBy === 'cluster' ? '' : first.data.namespace,
      healthData: null,
      isBox: boxBy,
    };
    if (boxBy === 'app' && first.data.app !== undefined) boxNode.app = first.data.app;
    for (const member of members) {
      member.data.parent = boxNode.id;
      if (boxBy !== 'app') continue;
      if (boxNode.healthData === null && member.data.nodeType === 'app' && member.appHealth !== undefined) {
        boxNode.healthData = member.appHealth.data;
        if (member.appHealth.status !== undefined) boxNode.healthStatus = member.appHealth.status;
      }
      if (member.data.isOutOfMesh === true) boxNode.isOutOfMesh = true;
      if (member.data.isInaccessible === true) boxNode.isInaccessible = true;
      if (member.data.isOutside === true) boxNode.isOutside = true;
    }
    nodes.push({ data: boxNode });
  }
}

const BOX_RANK: Readonly<Record<string, number>> = { cluster: 0, namespace: 1, app: 2 };
const cmp = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);

function compareNodes(x: GraphNodeData, y: GraphNodeData): number {
  if (x.isBox !== y.isBox) return (BOX_RANK[x.isBox ?? ''] ?? 3) - (BOX_RANK[y.isBox ?? ''] ?? 3);
  return (
    cmp(x.cluster, y.cluster) ||
    cmp(x.namespace, y.namespace) ||
    cmp(x.app, y.app) ||
    cmp(x.version, y.version) ||
    cmp(x.service, y.service) ||
    cmp(x.workload, y.workload)
  );
}

export function toCytoscape(
  map: TrafficMap,
  options: Pick<GraphOptions, 'boxBy' | 'graphType' | 'durationSec' | 'queryTimeSec'>,
): GraphJson {
  const nodes: Boxable[] = [];
  const hashes = new Map<string, string>();
  for (const node of map.values()) {
    const data = nodeData(node);
    hashes.set(node.id, data.id);
    const m = node.meta;
    const appHealth =
      node.nodeType === 'app'
        ? m.healthDataApp !== undefined
          ? { data: m.healthDataApp, status: m.healthStatusApp }
          : m.healthData !== undefined
            ? { data: m.healthData, status: m.healthStatus }
            : undefined
        : undefined;
    nodes.push(appHealth === undefined ? { data } : { data, appHealth });
  }
  const edges: GraphEdgeData[] = [];
  for (const node of map.values()) {
    const sourceId = hashes.get(node.id) ?? sha256Hex(node.id);
    for (const edge of node.edges) {
      edges.push(edgeData(edge, sourceId, hashes.get(edge.dest.id) ?? sha256Hex(edge.dest.id)));
    }
  }
  if (options.boxBy.includes('app') || options.graphType === 'app' || options.graphType === 'versionedApp') {
    box(nodes, 'app');
  }
  if (options.boxBy.includes('namespace')) box(nodes, 'namespace');
  if (options.boxBy.includes('cluster')) box(nodes, 'cluster');

  const nodeList = nodes.map((n) => n.data).sort(compareNodes);
  edges.sort(
    (a, b) =>
      cmp(a.source, b.source) || cmp(a.target, b.target) || cmp(a.traffic.protocol, b.traffic.protocol),
  );
  return {
    timestamp: options.queryTimeSec,
    duration: options.durationSec,
    graphType: options.graphType,
    elements: { nodes: nodeList.map((data) => ({ data })), edges: edges.map((data) => ({ data })) },
  };
}
