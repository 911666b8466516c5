/**
 * The queries of the appenders that read Prometheus, as Kiali issues them per namespace
 * (kiali graph/telemetry/istio/appender/{response_time,security_policy,throughput}.go):
 *
 * - responseTime: destination-reported latencies into the namespace's services first, then
 *   source-reported ones from its workloads that the destination side cannot have (the first
 *   value found for an edge wins);
 *   `histogram_quantile(q, …_bucket)` for 50/95/99, `_sum / _count` for avg.
 * - securityPolicy: destination-reported requests (and TCP bytes / gRPC messages, per the
 *   requested rates) grouped by principals and `connection_security_policy`, from outside the
 *   namespace into it, then from inside it.
 * - throughput: `istio_request_bytes_sum` (source-reported) or `istio_response_bytes_sum`
 *   (destination-reported), from outside the namespace into it, then from inside it.
 */
import type { GraphOptions } from './model.ts';
import type { LabelMatcher, PromExpr } from './promql.ts';
import { binary, call, eq, ne, num, positive, rate, re, sumBy } from './promql.ts';
import type { GraphQuery } from './query-plan.ts';
import { GRPC_MESSAGES_GROUP_BY, REQUESTS_METRIC, appenderRequested, roundGraphQuery } from './query-plan.ts';

export const RESPONSE_TIME_GROUP_BY = [...GRPC_MESSAGES_GROUP_BY, 'request_protocol'] as const;

export const SECURITY_POLICY_GROUP_BY = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_principal',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_principal',
  'connection_security_policy',
] as const;

const QUANTILES: Readonly<Record<Exclude<GraphOptions['responseTime'], 'avg'>, number>> = {
  '50': 0.5,
  '95': 0.95,
  '99': 0.99,
};

/** One response-time expression over the series `matchers` select. */
function responseTimeExpr(
  options: GraphOptions,
  matchers: readonly LabelMatcher[],
  seconds: number,
): PromExpr {
  if (options.responseTime === 'avg') {
    const sum = sumBy(
      RESPONSE_TIME_GROUP_BY,
      rate('istio_request_duration_milliseconds_sum', matchers, seconds),
    );
    const count = sumBy(
      RESPONSE_TIME_GROUP_BY,
      rate('istio_request_duration_milliseconds_count', matchers, seconds),
    );
    return positive(binary('/', sum, count));
  }
  const buckets = sumBy(
    ['le', ...RESPONSE_TIME_GROUP_BY],
    rate('istio_request_duration_milliseconds_bucket', matchers, seconds),
  );
  return positive(call('histogram_quantile', num(QUANTILES[options.responseTime], 2), buckets));
}

/**
 * Kiali reads source-reported latencies of every request from the namespace's workloads, but an
 * edge's destination-reported value, when there is one, wins. Inside the namespace the
 * destination proxy reported every request that reached a workload with a sidecar, so the source
 * side only reads what it can add: requests leaving the namespace, and requests that reached no
 * workload or one without a sidecar (`destination_workload="unknown"`). The answer is Kiali's; the
 * histogram query, the graph's most expensive, reads a fraction of the series.
 */
function responseTimeQueries(namespace: string, options: GraphOptions, seconds: number): GraphQuery[] {
  if (options.rates.grpc !== 'requests' && options.rates.http !== 'requests') return [];
  const destinationSide = [
    re('reporter', 'destination|waypoint'),
    eq('destination_service_namespace', namespace),
  ];
  const sourceSide = [re('reporter', 'source|waypoint'), eq('source_workload_namespace', namespace)];
  const exprs = [
    responseTimeExpr(options, destinationSide, seconds),
    binary(
      'or',
      responseTimeExpr(options, [...sourceSide, ne('destination_service_namespace', namespace)], seconds),
      responseTimeExpr(
        options,
        [
          ...sourceSide,
          eq('destination_service_namespace', namespace),
          eq('destination_workload', 'unknown'),
        ],
        seconds,
      ),
    ),
  ];
  return exprs.map((expr, i) => ({
    id: `${namespace}:responseTime:${i}`,
    namespace,
    purpose: 'responseTime',
    metric: 'istio_request_duration_milliseconds',
    expr: roundGraphQuery(expr),
  }));
}

function securityPolicyMetrics(rates: GraphOptions['rates']): string[] {
  const metrics: string[] = [];
  if (rates.grpc === 'requests' || rates.http === 'requests') metrics.push(REQUESTS_METRIC);
  if (rates.grpc === 'sent' || rates.grpc === 'total') metrics.push('istio_request_messages_total');
  if (rates.grpc === 'received' || rates.grpc === 'total') metrics.push('istio_response_messages_total');
  if (rates.tcp === 'sent' || rates.tcp === 'total') metrics.push('istio_tcp_sent_bytes_total');
  if (rates.tcp === 'received' || rates.tcp === 'total') metrics.push('istio_tcp_received_bytes_total');
  return metrics;
}

function securityPolicyQueries(namespace: string, options: GraphOptions, seconds: number): GraphQuery[] {
  const metrics = securityPolicyMetrics(options.rates);
  if (metrics.length === 0) return [];
  const sides: LabelMatcher[][] = [
    [
      eq('reporter', 'destination'),
      ne('source_workload_namespace', namespace),
      eq('destination_service_namespace', namespace),
    ],
    [eq('reporter', 'destination'), eq('source_workload_namespace', namespace)],
  ];
  return sides.map((matchers, i) => {
    const parts = metrics.map((m) => positive(sumBy(SECURITY_POLICY_GROUP_BY, rate(m, matchers, seconds))));
    const expr = parts.slice(1).reduce((acc, part) => binary('or', acc, part), parts[0] ?? num(0));
    return {
      id: `${namespace}:securityPolicy:${i}`,
      namespace,
      purpose: 'securityPolicy',
      metric: metrics.join('|'),
      expr: roundGraphQuery(expr),
    };
  });
}

function throughputQueries(namespace: string, options: GraphOptions, seconds: number): GraphQuery[] {
  if (options.rates.http !== 'requests') return [];
  const metric = `istio_${options.throughputType}_bytes_sum`;
  const reporter = eq('reporter', options.throughputType === 'request' ? 'source' : 'destination');
  const sides: LabelMatcher[][] = [
    [reporter, ne('source_workload_namespace', namespace), eq('destination_service_namespace', namespace)],
    [reporter, eq('source_workload_namespace', namespace)],
  ];
  return sides.map((matchers, i) => ({
    id: `${namespace}:throughput:${i}`,
    namespace,
    purpose: 'throughput',
    metric,
    expr: roundGraphQuery(positive(sumBy(GRPC_MESSAGES_GROUP_BY, rate(metric, matchers, seconds)))),
  }));
}

/** The requested appenders' queries for one namespace, in Kiali's appender order. */
export function appenderQueries(namespace: string, options: GraphOptions, seconds: number): GraphQuery[] {
  const queries: GraphQuery[] = [];
  if (appenderRequested(options, 'responseTime'))
    queries.push(...responseTimeQueries(namespace, options, seconds));
  if (appenderRequested(options, 'securityPolicy')) {
    queries.push(...securityPolicyQueries(namespace, options, seconds));
  }
  if (appenderRequested(options, 'throughput'))
    queries.push(...throughputQueries(namespace, options, seconds));
  return queries;
}
