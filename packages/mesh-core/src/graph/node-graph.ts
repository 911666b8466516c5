/**
 * Kiali's node-detail graph (kiali graph/telemetry/istio/istio.go `BuildNodeTrafficMap`): the
 * traffic into and out of one app, versioned app, workload or service, seen from the node.
 *
 * Incoming traffic comes from destination-reported telemetry (the node's own proxy saw it),
 * outgoing traffic from source-reported telemetry. A service has no proxy of its own, so its
 * incoming traffic is read twice: source-reported requests that never reached a workload
 * (`destination_workload="unknown"`, e.g. 503 UH or NR), then destination-reported requests its
 * workloads served; a service sends nothing. TCP bytes and gRPC messages follow the same split.
 *
 * The node graph then runs the requested namespace appenders on the node's namespace (their
 * queries are the namespace graph's) and the finalizers; it is never reduced to a service graph,
 * as Kiali decided, so that it keeps the workloads behind a service.
 */
import { appenderQueries } from './appender-queries.ts';
import type { InventoryIndex } from './inventory-index.ts';
import type { GraphOptions } from './model.ts';
import type { LabelMatcher } from './promql.ts';
import { eq, positive, rate, re, regexLiteral, sumBy } from './promql.ts';
import type { GraphQuery } from './query-plan.ts';
import {
  GRPC_MESSAGES_GROUP_BY,
  REQUESTS_GROUP_BY,
  REQUESTS_METRIC,
  TCP_GROUP_BY,
  roundGraphQuery,
} from './query-plan.ts';
import type { NodeLabels } from './node-id.ts';
import { UNKNOWN, isOK } from './node-id.ts';
import type { GraphNode, TrafficMap } from './traffic-map.ts';
import { ensureNode } from './traffic-map.ts';
import { appLabelOf, versionLabelOf } from '../health/inventory.ts';

export const GRAPH_NODE_KINDS = ['app', 'workload', 'service'] as const;
export type GraphNodeKind = (typeof GRAPH_NODE_KINDS)[number];

/** The node a node-detail graph is centred on. */
export interface GraphNodeTarget {
  readonly kind: GraphNodeKind;
  readonly namespace: string;
  /** The app, workload or service name. */
  readonly name: string;
  /** Only for apps: one version of the app (Kiali's `/applications/{app}/versions/{version}`). */
  readonly version?: string;
}

type Direction = 'in' | 'out';

/** The label matchers selecting the node's traffic in one direction; undefined: none that way. */
function nodeMatchers(target: GraphNodeTarget, direction: Direction): LabelMatcher[][] {
  const ns = target.namespace;
  switch (target.kind) {
    case 'workload':
      return direction === 'in'
        ? [
            [
              eq('reporter', 'destination'),
              eq('destination_workload_namespace', ns),
              eq('destination_workload', target.name),
            ],
          ]
        : [
            [
              eq('reporter', 'source'),
              eq('source_workload_namespace', ns),
              eq('source_workload', target.name),
            ],
          ];
    case 'app': {
      const versioned = target.version !== undefined && isOK(target.version);
      if (direction === 'in') {
        return [
          [
            eq('reporter', 'destination'),
            eq('destination_service_namespace', ns),
            eq('destination_canonical_service', target.name),
            ...(versioned ? [eq('destination_canonical_revision', target.version ?? '')] : []),
          ],
        ];
      }
      return [
        [
          eq('reporter', 'source'),
          eq('source_workload_namespace', ns),
          eq('source_canonical_service', target.name),
          ...(versioned ? [eq('source_canonical_revision', target.version ?? '')] : []),
        ],
      ];
    }
    case 'service': {
      if (direction === 'out') return [];
      const host = re('destination_service', `^${regexLiteral(target.name)}\\.${regexLiteral(ns)}\\..*$`);
      return [
        [eq('reporter', 'source'), eq('destination_workload', 'unknown'), host],
        [eq('reporter', 'destination'), eq('destination_service_namespace', ns), host],
      ];
    }
  }
}

function metricSets(
  options: Pick<GraphOptions, 'rates'>,
): Array<{ metric: string; groupBy: readonly string[] }> {
  const sets: Array<{ metric: string; groupBy: readonly string[] }> = [];
  if (options.rates.http === 'requests' || options.rates.grpc === 'requests') {
    sets.push({ metric: REQUESTS_METRIC, groupBy: REQUESTS_GROUP_BY });
  }
  const grpc: Record<GraphOptions['rates']['grpc'], string[]> = {
    none: [],
    requests: [],
    received: ['istio_response_messages_total'],
    sent: ['istio_request_messages_total'],
    total: ['istio_request_messages_total', 'istio_response_messages_total'],
  };
  for (const metric of grpc[options.rates.grpc]) sets.push({ metric, groupBy: GRPC_MESSAGES_GROUP_BY });
  // Istio's L4 telemetry is reversed (istio/istio#32399), as in the namespace graph.
  const tcp: Record<GraphOptions['rates']['tcp'], string[]> = {
    none: [],
    received: ['istio_tcp_sent_bytes_total'],
    sent: ['istio_tcp_received_bytes_total'],
    total: ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'],
  };
  for (const metric of tcp[options.rates.tcp]) sets.push({ metric, groupBy: TCP_GROUP_BY });
  return sets;
}

/** The node's traffic queries: per metric, incoming then outgoing, in Kiali's order. */
export function nodeTrafficQueries(
  target: GraphNodeTarget,
  options: Pick<GraphOptions, 'rates' | 'includeIdleEdges'>,
  seconds: number,
): GraphQuery[] {
  const queries: GraphQuery[] = [];
  for (const { metric, groupBy } of metricSets(options)) {
    const matcherSets = [...nodeMatchers(target, 'in'), ...nodeMatchers(target, 'out')];
    matcherSets.forEach((matchers, i) => {
      const summed = sumBy(groupBy, rate(metric, matchers, seconds));
      queries.push({
        id: `${target.namespace}:node:${metric}:${i}`,
        namespace: target.namespace,
        purpose: 'traffic',
        metric,
        expr: roundGraphQuery(options.includeIdleEdges ? summed : positive(summed)),
      });
    });
  }
  return queries;
}

/**
 * Every query of a node graph: the node's traffic, then the requested appenders' queries for its
 * namespace. `durationSec` overrides the range (the namespace's safe duration).
 */
export function planNodeGraphQueries(
  target: GraphNodeTarget,
  options: GraphOptions,
  durationSec?: number,
): GraphQuery[] {
  const seconds = Math.max(1, Math.floor(durationSec ?? options.durationSec));
  return [
    ...nodeTrafficQueries(target, options, seconds),
    ...appenderQueries(target.namespace, options, seconds),
  ];
}

function isTarget(node: GraphNode, target: GraphNodeTarget): boolean {
  if (node.namespace !== target.namespace) return false;
  switch (target.kind) {
    case 'workload':
      return node.workload === target.name;
    case 'service':
      return node.nodeType === 'service' && node.service === target.name;
    case 'app':
      return node.app === target.name && (target.version === undefined || node.version === target.version);
  }
}

/** The labels the target's own telemetry would carry, from the registry where it knows them. */
function targetLabels(target: GraphNodeTarget, inventory: InventoryIndex): NodeLabels {
  const ns = target.namespace;
  const base = { cluster: inventory.cluster, serviceNamespace: ns, workloadNamespace: ns };
  switch (target.kind) {
    case 'workload': {
      const labels = inventory.workload(ns, target.name)?.labels ?? {};
      return {
        ...base,
        service: '',
        workload: target.name,
        app: appLabelOf(labels) ?? UNKNOWN,
        version: versionLabelOf(labels) ?? UNKNOWN,
      };
    }
    case 'app': {
      const [workload] = inventory.appWorkloads(ns, target.name, target.version);
      return {
        ...base,
        service: '',
        workload: target.version === undefined ? UNKNOWN : (workload?.name ?? UNKNOWN),
        app: target.name,
        version: target.version ?? UNKNOWN,
      };
    }
    case 'service':
      return {
        ...base,
        workloadNamespace: UNKNOWN,
        service: target.name,
        workload: UNKNOWN,
        app: UNKNOWN,
        version: UNKNOWN,
      };
  }
}

/**
 * The node graph always shows its node, also when nothing was sent to or from it in the range:
 * an empty answer would not tell the user whether the object exists. Marked idle, as the
 * idleNode appender marks registry nodes without traffic.
 */
export function ensureTargetNode(
  map: TrafficMap,
  target: GraphNodeTarget,
  ctx: { readonly options: GraphOptions; readonly inventory: InventoryIndex },
): void {
  for (const node of map.values()) if (isTarget(node, target)) return;
  const node = ensureNode(map, targetLabels(target, ctx.inventory), ctx.options.graphType);
  if (node !== undefined) node.meta.isIdle = true;
}
