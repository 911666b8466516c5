/**
 * The traffic map: nodes keyed by id, each holding its outgoing edges (one per destination and
 * protocol, found through a per-node index rather than a scan), rates, and the metadata the
 * appenders attach. Everything the cytoscape conversion emits is read from here.
 */
import type { AppHealth, ServiceHealth, WorkloadHealth } from '../health/health-objects.ts';
import type { GraphType, NodeType } from './model.ts';
import type { HealthStatus } from '../health/status.ts';
import { RateCounter } from './counters.ts';
import type { NodeIdentity, NodeLabels } from './node-id.ts';
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER, nodeFields, nodeIdentity } from './node-id.ts';

export interface ServiceName {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
}

export interface NodeMeta {
  destServices?: Map<string, ServiceName>;
  isEgressCluster?: boolean;
  isInjected?: boolean;
  isIdle?: boolean;
  isDead?: boolean;
  isOutOfMesh?: boolean;
  isOutside?: boolean;
  isInaccessible?: boolean;
  isRoot?: boolean;
  hasCB?: boolean;
  hasVS?: Map<string, readonly string[]>;
  hasRequestRouting?: boolean;
  hasFaultInjection?: boolean;
  hasTrafficShifting?: boolean;
  hasTCPTrafficShifting?: boolean;
  hasRequestTimeout?: boolean;
  hasMirroring?: boolean;
  gateway?: { readonly type: 'ingress' | 'egress'; readonly hostnames: string[] };
  hasHealthConfig?: Readonly<Record<string, string>>;
  healthData?: AppHealth | ServiceHealth | WorkloadHealth;
  /** App health for a versioned app node, used by its app box. */
  healthDataApp?: AppHealth;
  healthStatus?: HealthStatus;
  healthStatusApp?: HealthStatus;
}

/** A response code's rates by response flags and by host. */
export class ResponseDetail {
  readonly flags = new RateCounter();
  readonly hosts = new RateCounter();

  /** Adds a rate under its flags and host; an empty flags or host is not recorded. */
  add(flags: string, host: string, value: number): void {
    if (flags !== '') this.flags.add(flags, value);
    if (host !== '') this.hosts.add(host, value);
  }
}

export function newResponseDetail(): ResponseDetail {
  return new ResponseDetail();
}

export interface EdgeMeta {
  responseTime?: number;
  throughput?: number;
  isMTLS?: number;
  sourcePrincipal?: string;
  destPrincipal?: string;
  healthStatus?: HealthStatus;
}

export interface GraphEdge {
  source: GraphNode;
  dest: GraphNode;
  readonly protocol: string;
  readonly rates: Record<string, number>;
  /** code → flags → rate and code → host → rate. */
  readonly responses: Map<string, ResponseDetail>;
  readonly meta: EdgeMeta;
}

export interface GraphNode {
  readonly id: string;
  readonly nodeType: NodeType;
  readonly cluster: string;
  readonly namespace: string;
  readonly workload: string;
  app: string;
  readonly version: string;
  readonly service: string;
  edges: GraphEdge[];
  /** Destination id → its edges (one per protocol). */
  edgeIndex: Map<string, GraphEdge[]>;
  readonly rates: Record<string, number>;
  readonly meta: NodeMeta;
}

export type TrafficMap = Map<string, GraphNode>;

/** The edge for `destId` and `protocol` in an edge index. */
export function lookupEdge(
  index: ReadonlyMap<string, readonly GraphEdge[]>,
  destId: string,
  protocol: string,
): GraphEdge | undefined {
  const list = index.get(destId);
  if (list === undefined) return undefined;
  for (const e of list) if (e.protocol === protocol) return e;
  return undefined;
}

export function indexEdge(index: Map<string, GraphEdge[]>, edge: GraphEdge): void {
  const list = index.get(edge.dest.id);
  if (list === undefined) index.set(edge.dest.id, [edge]);
  else list.push(edge);
}

export function newNode(
  identity: NodeIdentity,
  cluster: string,
  fields: { namespace: string; workload: string; app: string; version: string; service: string },
): GraphNode {
  const { id, nodeType } = identity;
  const meta: NodeMeta = {};
  if (
    nodeType === 'service' &&
    (fields.service === PASSTHROUGH_CLUSTER || fields.service === BLACKHOLE_CLUSTER)
  ) {
    meta.isEgressCluster = true;
  }
  return { id, nodeType, cluster, ...fields, edges: [], edgeIndex: new Map(), rates: {}, meta };
}

/** The node for these labels, created on first use; undefined when the labels name nothing. */
export function ensureNode(map: TrafficMap, labels: NodeLabels, graphType: GraphType): GraphNode | undefined {
  const identity = nodeIdentity(labels, graphType);
  if (identity === undefined) return undefined;
  let node = map.get(identity.id);
  if (node === undefined) {
    node = newNode(identity, labels.cluster, nodeFields(labels, identity.nodeType, graphType));
    map.set(identity.id, node);
  }
  return node;
}

/** The edge from `source` to `dest` for `protocol`, created on first use. */
export function ensureEdge(source: GraphNode, dest: GraphNode, protocol: string): GraphEdge {
  let edge = lookupEdge(source.edgeIndex, dest.id, protocol);
  if (edge === undefined) {
    edge = { source, dest, protocol, rates: {}, responses: new Map(), meta: {} };
    source.edges.push(edge);
    indexEdge(source.edgeIndex, edge);
  }
  return edge;
}

export function addDestService(node: GraphNode, service: ServiceName): void {
  const services = (node.meta.destServices ??= new Map());
  const key = `${service.cluster} ${service.namespace} ${service.name}`;
  if (!services.has(key)) services.set(key, service);
}

/** Replaces a node's edges (after removals), keeping its index in step. */
export function setEdges(node: GraphNode, edges: GraphEdge[]): void {
  node.edges = edges;
  node.edgeIndex = new Map();
  for (const e of edges) indexEdge(node.edgeIndex, e);
}

export function allEdges(map: TrafficMap): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const node of map.values()) for (const e of node.edges) edges.push(e);
  return edges;
}
