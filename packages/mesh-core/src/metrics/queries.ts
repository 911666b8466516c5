/**
 * The Prometheus range queries behind Kiali's metrics (kiali business/metrics.go,
 * business/metrics_labels_builder.go, prometheus `fetchRateRange` / `buildHistogramQueries`).
 *
 * Series are selected by reporter (none for `both`), then the object on the direction's side —
 * inbound: the `destination_*` labels, outbound: the `source_*` ones —
 *
 * - namespace: `<side>_workload_namespace`;
 * - workload: `<side>_workload_namespace`, `<side>_workload`;
 * - app: `<side>_workload_namespace`, `<side>_canonical_service`;
 * - service (inbound only): `destination_service_name`, `destination_service_namespace`;
 *
 * then `request_protocol` and `<side>_cluster` when asked for. A counter is
 * `sum(<rateFunc>(m{…}[interval])) by (byLabels)`; `request_error_count` is the sum over failed
 * HTTP responses `or` (unless the protocol is http) over gRPC errors on an HTTP success. A
 * histogram is one query per stat: `avg` = `sum(rate(m_sum)) / sum(rate(m_count))`, and each
 * quantile `histogram_quantile(q, sum(rate(m_bucket)) by (le, byLabels))` — always `rate`, as
 * Kiali does.
 */
import type { LabelMatcher, PromExpr } from '../graph/promql.ts';
import { binary, call, eq, num, re, selector, sumBy } from '../graph/promql.ts';
import type { MetricName } from './definitions.ts';
import { GRPC_STATUS_ERROR_REGEX, ISTIO_METRICS, RESPONSE_CODE_ERROR_REGEX } from './definitions.ts';
import type { MetricsQuery, MetricsTarget, RateFunc } from './params.ts';

export interface MetricsRangeQuery {
  /** Unique within a request: `<metric>` or `<metric>:<stat>`. */
  readonly id: string;
  readonly metric: MetricName;
  /** A histogram's statistic: `avg` or a quantile as asked (`0.95`). */
  readonly stat?: string;
  readonly expr: PromExpr;
}

type QueryOptions = Pick<
  MetricsQuery,
  | 'metrics'
  | 'direction'
  | 'reporter'
  | 'includeAmbient'
  | 'requestProtocol'
  | 'cluster'
  | 'rateFunc'
  | 'quantiles'
  | 'avg'
  | 'byLabels'
>;

/** The matchers selecting the target's series (Kiali's `MetricsLabelsBuilder.Build`). */
export function metricsMatchers(
  target: MetricsTarget,
  query: Pick<QueryOptions, 'direction' | 'reporter' | 'includeAmbient' | 'requestProtocol' | 'cluster'>,
): LabelMatcher[] {
  const side = query.direction === 'inbound' ? 'destination' : 'source';
  const matchers: LabelMatcher[] = [];
  if (query.reporter !== 'both') {
    matchers.push(
      query.includeAmbient ? re('reporter', `${query.reporter}|waypoint`) : eq('reporter', query.reporter),
    );
  }
  switch (target.kind) {
    case 'namespace':
      matchers.push(eq(`${side}_workload_namespace`, target.namespace));
      break;
    case 'workload':
      matchers.push(eq(`${side}_workload_namespace`, target.namespace), eq(`${side}_workload`, target.name));
      break;
    case 'app':
      matchers.push(
        eq(`${side}_workload_namespace`, target.namespace),
        eq(`${side}_canonical_service`, target.name),
      );
      break;
    case 'service':
      // Parameters refuse outbound service metrics; services are destinations only.
      matchers.push(
        eq('destination_service_name', target.name),
        eq('destination_service_namespace', target.namespace),
      );
      break;
  }
  if (query.requestProtocol !== undefined) matchers.push(eq('request_protocol', query.requestProtocol));
  if (query.cluster !== undefined) matchers.push(eq(`${side}_cluster`, query.cluster));
  return matchers;
}

/** Matchers of failed requests (Kiali's `BuildForErrors`): HTTP ones, and gRPC ones unless http. */
function errorMatchers(
  matchers: readonly LabelMatcher[],
  protocol: string | undefined,
): { readonly http: LabelMatcher[]; readonly grpc?: LabelMatcher[] } {
  const http = [...matchers, re('response_code', RESPONSE_CODE_ERROR_REGEX)];
  if (protocol?.toLowerCase() === 'http') return { http };
  // A positive match on grpc_response_status: series without the label (older proxies) stay out.
  const grpc = [
    ...matchers,
    re('grpc_response_status', GRPC_STATUS_ERROR_REGEX),
    { name: 'response_code', op: '!~', value: RESPONSE_CODE_ERROR_REGEX } as const,
  ];
  return { http, grpc };
}

const rangeOf = (metric: string, matchers: readonly LabelMatcher[], seconds: number): PromExpr => ({
  kind: 'range',
  selector: selector(metric, matchers),
  seconds,
});

/** Every query of a metrics request, in the order of `query.metrics`, a histogram's stats sorted. */
export function metricsQueries(
  target: MetricsTarget,
  query: QueryOptions,
  rateIntervalSec: number,
): MetricsRangeQuery[] {
  const matchers = metricsMatchers(target, query);
  const rateSum = (metric: string, set: readonly LabelMatcher[], fn: RateFunc): PromExpr =>
    sumBy(query.byLabels, call(fn, rangeOf(metric, set, rateIntervalSec)));
  const out: MetricsRangeQuery[] = [];
  for (const metric of query.metrics) {
    const def = ISTIO_METRICS[metric];
    if (!def.histogram) {
      let expr = rateSum(def.istioName, matchers, query.rateFunc);
      if (def.errorsOnly) {
        const errors = errorMatchers(matchers, query.requestProtocol);
        expr = rateSum(def.istioName, errors.http, query.rateFunc);
        if (errors.grpc) expr = binary('or', expr, rateSum(def.istioName, errors.grpc, query.rateFunc));
      }
      out.push({ id: metric, metric, expr });
      continue;
    }
    const stats: MetricsRangeQuery[] = [];
    if (query.avg) {
      stats.push({
        id: `${metric}:avg`,
        metric,
        stat: 'avg',
        expr: binary(
          '/',
          rateSum(`${def.istioName}_sum`, matchers, 'rate'),
          rateSum(`${def.istioName}_count`, matchers, 'rate'),
        ),
      });
    }
    for (const q of query.quantiles) {
      const buckets = sumBy(
        ['le', ...query.byLabels.filter((l) => l !== 'le')],
        call('rate', rangeOf(`${def.istioName}_bucket`, matchers, rateIntervalSec)),
      );
      stats.push({
        id: `${metric}:${q}`,
        metric,
        stat: q,
        expr: call('histogram_quantile', num(Number(q)), buckets),
      });
    }
    // Kiali answers a histogram's stats in Go's string order: quantiles, then `avg`.
    stats.sort((a, b) => ((a.stat ?? '') < (b.stat ?? '') ? -1 : (a.stat ?? '') > (b.stat ?? '') ? 1 : 0));
    out.push(...stats);
  }
  return out;
}
