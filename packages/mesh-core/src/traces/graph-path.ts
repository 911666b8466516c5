/**
 * "Show on graph": the nodes and edges of a traffic graph that one trace went through.
 *
 * Each span is placed on the graph by the proxy that wrote it, read from the tags Envoy and
 * Istio put on sidecar spans (see the server's `sidecar/telemetry/span-tags.ts`):
 *
 * - the proxy's workload: the pod part of `node_id` (`sidecar~<ip>~<pod>.<ns>~<ns>.svc.<domain>`,
 *   `router~…` for gateways), matched to the graph node whose workload is the longest prefix of
 *   the pod name (`reviews-v2-7d8f-x` → `reviews-v2`);
 * - its app and version: `istio.canonical_service`, `istio.canonical_revision`; its namespace
 *   `istio.namespace` (else the `node_id`'s); its cluster `istio.cluster_id`;
 * - spans without proxy tags (an instrumented app): the process's `serviceName`, `<app>.<ns>`.
 *
 * Which node that is depends on the graph type, as Kiali builds nodes: app graphs have one app
 * node per app, versioned-app graphs one per workload (app + version), workload graphs one per
 * workload. When the proxy has no node of its own (service graphs keep only service nodes and the
 * root nodes that call them), a server span stands for the service its caller addressed, and any
 * other span for its parent's node.
 *
 * Hops: a client span's `upstream_cluster` (`outbound|<port>|<subset>|<host>`) names the service it
 * called; that service node (when the graph has service nodes) and the edge caller → service are
 * on the path, even when the callee wrote no span. Every parent → child span pair on different
 * nodes adds the edge between them, through the called service when there is one
 * (caller → service → callee), as the graph draws a request with service nodes injected.
 * Parents are the trace view's (`parentReference`: the first CHILD_OF reference, else FOLLOWS_FROM,
 * else `parentSpanID`); spans whose parent is missing from the trace start a path of their own.
 */
import type { JaegerSpan, JaegerTrace } from '../api/traces.ts';
import type { GraphJson, GraphNodeData } from '../graph/wire.ts';
import { parentReference } from './span-links.ts';

export interface TraceGraphPath {
  /** Ids of the graph nodes the trace went through, in the graph's order. */
  readonly nodeIds: readonly string[];
  /** Ids of the graph edges between consecutive hops, in the graph's order. */
  readonly edgeIds: readonly string[];
  /** Spans placed on a node of this graph. */
  readonly matchedSpans: number;
  readonly totalSpans: number;
}

/** Where a span was written, as far as its tags tell. */
interface SpanOrigin {
  readonly pod?: string;
  readonly app?: string;
  readonly version?: string;
  readonly namespace?: string;
  readonly cluster?: string;
  readonly kind?: string;
  /** The service a client span called: `{name, namespace}` or a bare host. */
  readonly calledHost?: string;
}

function stringTag(tags: JaegerSpan['tags'], key: string): string | undefined {
  const tag = tags.find((t) => t.key === key);
  if (tag === undefined) return undefined;
  const value = typeof tag.value === 'string' ? tag.value : String(tag.value);
  return value === '' || value === 'unknown' ? undefined : value;
}

/** The host of an Istio cluster name, `outbound|9080|v1|reviews.default.svc.cluster.local` (`;` optional). */
export function upstreamHost(cluster: string): string | undefined {
  const parts = cluster.replace(/;$/, '').split('|');
  if (parts[0] !== 'outbound' || parts.length !== 4) return undefined;
  const host = parts[3];
  return host === undefined || host === '' ? undefined : host;
}

/** `sidecar~10.0.0.1~reviews-v1-0.default~default.svc.cluster.local` → pod and namespace. */
export function podOfNodeId(nodeId: string): { pod: string; namespace?: string } | undefined {
  const part = nodeId.split('~')[2];
  if (part === undefined || part === '') return undefined;
  const dot = part.lastIndexOf('.');
  return dot < 0 ? { pod: part } : { pod: part.slice(0, dot), namespace: part.slice(dot + 1) };
}

function spanOrigin(trace: JaegerTrace, span: JaegerSpan): SpanOrigin {
  const tags = span.tags;
  const nodeId = stringTag(tags, 'node_id');
  const fromNode = nodeId === undefined ? undefined : podOfNodeId(nodeId);
  let app = stringTag(tags, 'istio.canonical_service');
  let namespace = stringTag(tags, 'istio.namespace') ?? fromNode?.namespace;
  if (app === undefined && fromNode === undefined) {
    // An app's own span: its process is named `<app>.<namespace>` (or `<app>`).
    const service = trace.processes[span.processID]?.serviceName ?? '';
    const dot = service.indexOf('.');
    app = dot < 0 ? service || undefined : service.slice(0, dot);
    namespace ??= dot < 0 ? undefined : service.slice(dot + 1);
  }
  const upstream = stringTag(tags, 'upstream_cluster');
  const calledHost = upstream === undefined ? undefined : upstreamHost(upstream);
  const version = stringTag(tags, 'istio.canonical_revision');
  const cluster = stringTag(tags, 'istio.cluster_id');
  const kind = stringTag(tags, 'span.kind');
  return {
    ...(fromNode === undefined ? {} : { pod: fromNode.pod }),
    ...(app === undefined ? {} : { app }),
    ...(version === undefined || version === 'latest' ? {} : { version }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(cluster === undefined ? {} : { cluster }),
    ...(kind === undefined ? {} : { kind }),
    ...(calledHost === undefined ? {} : { calledHost }),
  };
}

function parentOf(span: JaegerSpan): string | undefined {
  return parentReference(span)?.spanID;
}

type Node = GraphNodeData;

const inCluster = (node: Node, cluster: string | undefined) =>
  cluster === undefined || node.cluster === cluster || node.cluster === 'unknown' || node.cluster === '';

/** The workload whose name is the longest prefix of `pod` (`<workload>` or `<workload>-…`). */
function byPod(nodes: readonly Node[], pod: string): Node | undefined {
  let best: Node | undefined;
  for (const n of nodes) {
    const w = n.workload;
    if (w === undefined || !(pod === w || pod.startsWith(`${w}-`))) continue;
    if (best === undefined || w.length > (best.workload ?? '').length) best = n;
  }
  return best;
}

function proxyNode(graph: GraphJson, nodes: readonly Node[], o: SpanOrigin): Node | undefined {
  const local = nodes.filter(
    (n) => (o.namespace === undefined || n.namespace === o.namespace) && inCluster(n, o.cluster),
  );
  const apps = local.filter((n) => n.nodeType === 'app');
  const workloads = local.filter((n) => n.nodeType === 'workload');
  switch (graph.graphType) {
    case 'app':
      return apps.find((n) => n.app === o.app);
    case 'versionedApp': {
      const byWorkload = o.pod === undefined ? undefined : byPod(apps, o.pod);
      return (
        byWorkload ??
        apps.find((n) => n.app === o.app && o.version !== undefined && n.version === o.version) ??
        apps.find((n) => n.app === o.app && n.version === undefined)
      );
    }
    case 'workload':
    case 'service': {
      const byWorkload = o.pod === undefined ? undefined : byPod(workloads, o.pod);
      // Root nodes of a service graph may be apps (a gateway in an app-boxed graph).
      return byWorkload ?? (o.pod === undefined ? undefined : byPod(apps, o.pod));
    }
  }
}

function serviceNode(nodes: readonly Node[], host: string, cluster: string | undefined): Node | undefined {
  const services = nodes.filter((n) => n.nodeType === 'service' && inCluster(n, cluster));
  const labels = host.split('.');
  const [name, namespace] = labels;
  const kubernetes = labels.length >= 3 && labels[2] === 'svc';
  return (
    (kubernetes ? services.find((n) => n.service === name && n.namespace === namespace) : undefined) ??
    services.find((n) => n.service === host)
  );
}

/** The graph elements the trace went through (see the module comment). */
export function traceGraphPath(trace: JaegerTrace, graph: GraphJson): TraceGraphPath {
  const nodes = graph.elements.nodes.map((n) => n.data).filter((n) => n.isBox === undefined);
  const edgeIds = new Map<string, string[]>();
  for (const e of graph.elements.edges) {
    const key = `${e.data.source}\u0000${e.data.target}`;
    edgeIds.set(key, [...(edgeIds.get(key) ?? []), e.data.id]);
  }
  const spans = new Map(trace.spans.map((s) => [s.spanID, s]));
  const origins = new Map(trace.spans.map((s) => [s.spanID, spanOrigin(trace, s)]));
  const placed = new Map<string, Node | undefined>();
  const called = new Map<string, Node | undefined>();
  const onPath = new Set<string>();
  const edgesOnPath = new Set<string>();

  const calledService = (span: JaegerSpan): Node | undefined => {
    if (!called.has(span.spanID)) {
      const o = origins.get(span.spanID);
      const host = o?.kind === 'server' ? undefined : o?.calledHost;
      called.set(span.spanID, host === undefined ? undefined : serviceNode(nodes, host, o?.cluster));
    }
    return called.get(span.spanID);
  };

  // Iterative memo over the parent chain: deep traces must not overflow the stack.
  const nodeOf = (span: JaegerSpan): Node | undefined => {
    const chain: JaegerSpan[] = [];
    const seen = new Set<string>();
    let current: JaegerSpan | undefined = span;
    while (current !== undefined && !placed.has(current.spanID) && !seen.has(current.spanID)) {
      seen.add(current.spanID);
      chain.push(current);
      const parentId = parentOf(current);
      current = parentId === undefined ? undefined : spans.get(parentId);
    }
    for (const s of chain.reverse()) {
      const o = origins.get(s.spanID) ?? {};
      const own = proxyNode(graph, nodes, o);
      const parentId = parentOf(s);
      const parent = parentId === undefined ? undefined : spans.get(parentId);
      let node = own;
      if (node === undefined && parent !== undefined) {
        node =
          o.kind === 'server'
            ? (calledService(parent) ?? placed.get(parent.spanID))
            : placed.get(parent.spanID);
      }
      placed.set(s.spanID, node);
    }
    return placed.get(span.spanID);
  };

  const addEdge = (from: Node, to: Node) => {
    for (const id of edgeIds.get(`${from.id}\u0000${to.id}`) ?? []) edgesOnPath.add(id);
  };

  let matchedSpans = 0;
  for (const span of trace.spans) {
    const node = nodeOf(span);
    if (node === undefined) continue;
    matchedSpans += 1;
    onPath.add(node.id);
    const service = calledService(span);
    if (service !== undefined && service.id !== node.id) {
      onPath.add(service.id);
      addEdge(node, service);
    }
    const parentId = parentOf(span);
    const parent = parentId === undefined ? undefined : spans.get(parentId);
    const from = parent === undefined ? undefined : placed.get(parent.spanID);
    if (parent === undefined || from === undefined || from.id === node.id) continue;
    const via = calledService(parent);
    if (via !== undefined && via.id !== node.id && via.id !== from.id) addEdge(via, node);
    else addEdge(from, node);
  }

  return {
    nodeIds: nodes.filter((n) => onPath.has(n.id)).map((n) => n.id),
    edgeIds: graph.elements.edges.filter((e) => edgesOnPath.has(e.data.id)).map((e) => e.data.id),
    matchedSpans,
    totalSpans: trace.spans.length,
  };
}
