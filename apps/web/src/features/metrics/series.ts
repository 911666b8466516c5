/**
 * Kiali's metrics answer as chart data: each metric's series (one per stat and per combination
 * of the "show by" label values) become columns of rows keyed by time, Prometheus' values as
 * numbers (`NaN` and infinities as gaps). Each series is named by its stat (`avg`, `p95`) and
 * its label values, as Kiali's legends do.
 */
import type { MetricJson } from '@meshlens/mesh-core/api/metrics';

export interface ChartSeries {
  readonly key: string;
  readonly name: string;
  /** The last value that is a number; undefined when there is none. */
  readonly latest: number | undefined;
}

export type ChartRow = { readonly t: number } & Readonly<Record<string, number | null>>;

export interface ChartData {
  readonly rows: readonly ChartRow[];
  readonly series: readonly ChartSeries[];
}

/** `0.95` → `p95`, `avg` → `avg`. */
export function statName(stat: string): string {
  if (stat === 'avg') return 'avg';
  const q = Number(stat);
  return Number.isFinite(q) ? `p${String(Math.round(q * 1000) / 10)}` : stat;
}

export function seriesName(m: MetricJson, byLabels: readonly string[], prefix?: string): string {
  const parts: string[] = [];
  if (prefix !== undefined) parts.push(prefix);
  if (m.stat !== undefined) parts.push(statName(m.stat));
  for (const l of byLabels) parts.push(m.labels[l] ?? '(none)');
  return parts.length === 0 ? 'total' : parts.join(' ');
}

function value(text: string): number | null {
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

export interface SeriesGroup {
  readonly metrics: readonly MetricJson[];
  /** Names these series apart from the chart's main ones ("errors"). */
  readonly prefix?: string;
}

export function chartData(groups: readonly SeriesGroup[], byLabels: readonly string[]): ChartData {
  const rows = new Map<number, Record<string, number | null>>();
  const series: ChartSeries[] = [];
  let i = 0;
  for (const g of groups) {
    for (const m of g.metrics) {
      const key = `s${String(i++)}`;
      let latest: number | undefined;
      for (const [t, text] of m.datapoints) {
        const v = value(text);
        const row = rows.get(t) ?? { t };
        row[key] = v;
        rows.set(t, row);
        if (v !== null) latest = v;
      }
      series.push({ key, name: seriesName(m, byLabels, g.prefix), latest });
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a['t'] ?? 0) - (b['t'] ?? 0)) as ChartRow[];
  return { rows: sorted, series };
}

/** A value with its unit, scaled for reading (`1.2 kB/s`, `35 ms`, `3.10 rps`). */
export function formatValue(v: number, unit: string): string {
  if (unit === 'B' || unit === 'B/s') {
    const suffix = unit === 'B' ? '' : '/s';
    if (v >= 1e6) return `${(v / 1e6).toFixed(1)} MB${suffix}`;
    if (v >= 1e3) return `${(v / 1e3).toFixed(1)} kB${suffix}`;
    return `${v.toFixed(0)} B${suffix}`;
  }
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  return `${v.toFixed(2)} ${unit}`;
}

/** An axis tick: short, the unit being in the chart's title (`1.2k`, `350`, `0.25`). */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (a === 0 || a >= 10) return v.toFixed(0);
  return v.toFixed(2);
}
