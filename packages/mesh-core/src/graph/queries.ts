/**
 * The Prometheus queries behind a namespace graph, as Kiali issues them
 * (kiali graph/telemetry/istio/istio.go `buildNamespaceTrafficMap`). Per namespace and metric:
 *
 *  0. source-reported requests from outside the namespace to its services that never reached a
 *     workload (`destination_workload="unknown"`, service host in the namespace) — failures
 *     such as 503 UH/NR that only the client proxy saw;
 *  1. destination-reported requests into the namespace's workloads (this includes requests
 *     from `unknown` sources, which only the destination proxy can report);
 *  2. source-reported requests from the namespace's workloads, wherever they go.
 *
 * A request between two workloads of the namespace is reported by both proxies and so comes
 * back from queries 1 and 2 with the same labels; the builder applies a series to an edge once
 * (Kiali's time-series hash), so it counts once. Queries are processed in plan order.
 *
 * Every query is `sum(rate(m{…}[d])) by (…) > 0` (the `> 0` is dropped for includeIdleEdges)
 * wrapped in `round(…, 0.001)`. HTTP and gRPC requests come from `istio_requests_total`; TCP
 * bytes from `istio_tcp_received_bytes_total` for rateTcp=sent and `istio_tcp_sent_bytes_total`
 * for received (Istio's L4 telemetry is reversed, istio/istio#32399); gRPC messages from
 * `istio_request_messages_total`/`istio_response_messages_total`.
 */
import { appenderQueries } from './appender-queries.ts';
import type { GraphOptions } from './model.ts';
import type { LabelMatcher, PromExpr } from './promql.ts';
import { eq, ne, positive, rate, re, regexLiteral, renderPromQL, sumBy } from './promql.ts';
import type { GraphQuery } from './query-plan.ts';
import {
  GRPC_MESSAGES_GROUP_BY,
  REQUESTS_GROUP_BY,
  REQUESTS_METRIC,
  TCP_GROUP_BY,
  roundGraphQuery,
} from './query-plan.ts';

function trafficExpr(options: {
  metric: string;
  matchers: readonly LabelMatcher[];
  seconds: number;
  groupBy: readonly string[];
  includeIdleEdges: boolean;
}): PromExpr {
  const summed = sumBy(options.groupBy, rate(options.metric, options.matchers, options.seconds));
  return roundGraphQuery(options.includeIdleEdges ? summed : positive(summed));
}

function tcpMetrics(tcp: GraphOptions['rates']['tcp']): string[] {
  switch (tcp) {
    case 'none':
      return [];
    case 'received':
      return ['istio_tcp_sent_bytes_total'];
    case 'sent':
      return ['istio_tcp_received_bytes_total'];
    case 'total':
      return ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'];
  }
}

function grpcMessageMetrics(grpc: GraphOptions['rates']['grpc']): string[] {
  switch (grpc) {
    case 'none':
    case 'requests':
      return [];
    case 'received':
      return ['istio_response_messages_total'];
    case 'sent':
      return ['istio_request_messages_total'];
    case 'total':
      return ['istio_request_messages_total', 'istio_response_messages_total'];
  }
}

/** The traffic queries of one namespace, in Kiali's order. */
export function namespaceTrafficQueries(
  namespace: string,
  options: Pick<GraphOptions, 'rates' | 'includeIdleEdges'>,
  seconds: number,
): GraphQuery[] {
  const queries: GraphQuery[] = [];
  const unserviced: LabelMatcher[] = [
    ne('source_workload_namespace', namespace),
    eq('destination_workload_namespace', 'unknown'),
    eq('destination_workload', 'unknown'),
    re('destination_service', `^.+\\.${regexLiteral(namespace)}\\..+$`),
  ];
  const sets: Array<{ metric: string; groupBy: readonly string[] }> = [];
  if (options.rates.http === 'requests' || options.rates.grpc === 'requests') {
    sets.push({ metric: REQUESTS_METRIC, groupBy: REQUESTS_GROUP_BY });
  }
  for (const metric of grpcMessageMetrics(options.rates.grpc))
    sets.push({ metric, groupBy: GRPC_MESSAGES_GROUP_BY });
  for (const metric of tcpMetrics(options.rates.tcp)) sets.push({ metric, groupBy: TCP_GROUP_BY });

  for (const { metric, groupBy } of sets) {
    const matcherSets: LabelMatcher[][] = [
      [eq('reporter', 'source'), ...unserviced],
      [eq('reporter', 'destination'), eq('destination_workload_namespace', namespace)],
      [eq('reporter', 'source'), eq('source_workload_namespace', namespace)],
    ];
    matcherSets.forEach((matchers, i) => {
      queries.push({
        id: `${namespace}:traffic:${metric}:${i}`,
        namespace,
        purpose: 'traffic',
        metric,
        expr: trafficExpr({ metric, matchers, seconds, groupBy, includeIdleEdges: options.includeIdleEdges }),
      });
    });
  }
  return queries;
}

/**
 * Every query a namespace graph needs: per namespace, its traffic queries, then those of the
 * requested appenders that read Prometheus (responseTime, securityPolicy, throughput).
 * `durationsSec` overrides the query range per namespace (Kiali shortens it for namespaces
 * younger than the requested duration).
 */
export function planGraphQueries(
  options: GraphOptions,
  durationsSec?: ReadonlyMap<string, number>,
): GraphQuery[] {
  const plan: GraphQuery[] = [];
  for (const namespace of options.namespaces) {
    const seconds = Math.max(1, Math.floor(durationsSec?.get(namespace) ?? options.durationSec));
    plan.push(...namespaceTrafficQueries(namespace, options, seconds));
    plan.push(...appenderQueries(namespace, options, seconds));
  }
  return plan;
}

/** The plan's queries as PromQL text, in order, for logs and the adapter. */
export function renderGraphQueries(plan: readonly GraphQuery[]): Array<{ id: string; query: string }> {
  return plan.map((q) => ({ id: q.id, query: renderPromQL(q.expr) }));
}

/**
 * Kiali's safe duration: the requested range, shortened so that it does not reach before the
 * namespace existed. Undefined when the namespace did not exist at the query time.
 */
export function namespaceSafeDurationSec(options: {
  readonly requestedSec: number;
  readonly queryTimeSec: number;
  readonly createdSec: number;
}): number | undefined {
  const lifetime = options.queryTimeSec - options.createdSec;
  if (lifetime <= 0) return undefined;
  return Math.min(options.requestedSec, lifetime);
}
