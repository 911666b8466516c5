/**
 * The node charts' rows from a metrics answer: one row per timestamp with the request rate,
 * the error rate and the response-time statistics. Prometheus' "NaN" (no requests in a step)
 * becomes a gap rather than a zero.
 */
import type { MetricsMapJson } from '@meshlens/mesh-core/api/metrics';

type Series = 'requests' | 'errors' | 'p95' | 'p99' | 'avg';

/** One timestamp (unix seconds): requests and errors per second, response times in ms. */
export type ChartRow = { readonly t: number } & Readonly<Partial<Record<Series, number>>>;
type MutableRow = { t: number } & Partial<Record<Series, number>>;

export function chartRows(metrics: MetricsMapJson): ChartRow[] {
  const rows = new Map<number, MutableRow>();
  const put = (series: Series, datapoints: readonly (readonly [number, string])[]) => {
    for (const [t, v] of datapoints) {
      const n = Number(v);
      const row = rows.get(t) ?? { t };
      // Several series of one metric (split by a label) add up.
      if (Number.isFinite(n)) row[series] = (row[series] ?? 0) + n;
      rows.set(t, row);
    }
  };
  for (const m of metrics.request_count ?? []) put('requests', m.datapoints);
  for (const m of metrics.request_error_count ?? []) put('errors', m.datapoints);
  for (const m of metrics.request_duration_millis ?? []) {
    const series: Series | undefined =
      m.stat === '0.95' ? 'p95' : m.stat === '0.99' ? 'p99' : m.stat === 'avg' ? 'avg' : undefined;
    if (series !== undefined) put(series, m.datapoints);
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

export function hasSeries(rows: readonly ChartRow[], series: readonly Series[]): boolean {
  return rows.some((r) => series.some((s) => r[s] !== undefined));
}
