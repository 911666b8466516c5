/** TanStack Query options of an app's, workload's or service's metrics (Kiali's metrics API). */
import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import type { MetricName, MetricsDirection, MetricsReporter } from '@meshlens/mesh-core/metrics';
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../api/http.ts';

export const METRICS_OBJECT_KINDS = ['app', 'workload', 'service'] as const;
export type MetricsObjectKind = (typeof METRICS_OBJECT_KINDS)[number];

const PLURAL: Readonly<Record<MetricsObjectKind, string>> = {
  app: 'apps',
  workload: 'workloads',
  service: 'services',
};

/** The quantiles every histogram chart shows, with the average (Kiali's defaults). */
export const QUANTILES = ['0.5', '0.95', '0.99'] as const;

export interface MetricsRequest {
  readonly kind: MetricsObjectKind;
  readonly namespace: string;
  readonly name: string;
  readonly direction: MetricsDirection;
  readonly reporter: MetricsReporter;
  readonly byLabels: readonly string[];
  readonly metrics: readonly MetricName[];
  readonly durationSec: number;
}

/** Kiali's step: about 30 points over the range, at least one second apart. */
export function stepOf(durationSec: number): number {
  return Math.max(1, Math.round(durationSec / 30));
}

export function metricsPath(r: MetricsRequest): string {
  const q = new URLSearchParams();
  for (const m of r.metrics) q.append('filters[]', m);
  q.set('direction', r.direction);
  q.set('reporter', r.reporter);
  q.set('duration', String(r.durationSec));
  q.set('step', String(stepOf(r.durationSec)));
  q.set('avg', 'true');
  for (const x of QUANTILES) q.append('quantiles[]', x);
  for (const l of r.byLabels) q.append('byLabels[]', l);
  const seg = encodeURIComponent;
  return `/api/namespaces/${seg(r.namespace)}/${PLURAL[r.kind]}/${seg(r.name)}/metrics?${q.toString()}`;
}

export function metricsQuery(r: MetricsRequest) {
  return queryOptions({
    queryKey: [
      'metrics',
      r.kind,
      r.namespace,
      r.name,
      r.direction,
      r.reporter,
      [...r.byLabels],
      [...r.metrics],
      r.durationSec,
    ],
    queryFn: ({ signal }) => fetchJson(metricsPath(r), metricsMapSchema, { signal }),
  });
}
