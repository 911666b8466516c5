/**
 * Prometheus range results turned into Kiali's metrics JSON (kiali models/metrics.go
 * `ConvertMetric`, `ConvertHistogram`): each series of each query becomes one metric with its
 * labels, its `[unix seconds, "value"]` datapoints, the metric's name and, for a histogram, its
 * stat. Metrics are keyed in Kiali's (alphabetical) order and every metric asked for is present.
 */
import type { MetricJson, MetricsMapJson } from '../api/metrics.ts';
import type { MetricsRangeQuery } from './queries.ts';

/** One series of a range result (the Prometheus client's `MatrixSeries`). */
export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [timeSec: number, value: number])[];
}

/**
 * A sample value as Go's `strconv.FormatFloat(v, 'f', -1, 64)` writes it, which is how
 * Prometheus and Kiali send values: the shortest decimal that reads back the same, never an
 * exponent (`1e-7` is `0.0000001`), and `NaN`, `+Inf`, `-Inf`.
 */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  const text = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (m === null) return text;
  const [, sign = '', lead = '', rest = '', exp = '0'] = m;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function metricOf(query: MetricsRangeQuery, series: RangeSeries): MetricJson {
  return {
    labels: { ...series.metric },
    datapoints: series.values.map(([t, v]) => [t, formatSampleValue(v)] as [number, string]),
    ...(query.stat === undefined ? {} : { stat: query.stat }),
    name: query.metric,
  };
}

/** The metrics map of a request's queries, given each query's result by its id. */
export function metricsMapOf(
  queries: readonly MetricsRangeQuery[],
  results: ReadonlyMap<string, readonly RangeSeries[]>,
): MetricsMapJson {
  const out: MetricsMapJson = {};
  for (const query of queries) {
    const list = (out[query.metric] ??= []);
    for (const series of results.get(query.id) ?? []) list.push(metricOf(query, series));
  }
  return out;
}
