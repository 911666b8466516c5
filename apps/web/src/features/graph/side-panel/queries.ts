/**
 * The side panel's server data: a node's request metrics (rate, errors, response time) for its
 * charts, from the metrics API, asked as Kiali's node summary asks them — inbound with the
 * destination's reports (a service node: the source's, to include errors the caller saw),
 * outbound with the source's (an unknown node: the destination's); 95th and 99th percentile
 * response times; `step` and `rateInterval` from the duration as Kiali's graph computes them
 * (`computePrometheusRateParams(duration, 30)`: at least two 15 s scrapes a step).
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import type { MetricsMapJson } from '@meshlens/mesh-core/api/metrics';
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../../api/http.ts';

export type MetricsObjectKind = 'apps' | 'workloads' | 'services';
export type MetricsDirection = 'inbound' | 'outbound';

export interface NodeMetricsQuery {
  readonly namespace: string;
  readonly kind: MetricsObjectKind;
  readonly name: string;
  readonly direction: MetricsDirection;
  readonly reporter: 'source' | 'destination';
  readonly durationSec: number;
}

const DATAPOINTS = 30;
const MIN_STEP_SEC = 2 * 15;

export function rateParams(durationSec: number): { readonly stepSec: number; readonly rateInterval: string } {
  const stepSec = Math.max(Math.floor(durationSec / DATAPOINTS), MIN_STEP_SEC);
  return { stepSec, rateInterval: `${stepSec}s` };
}

/** Which metrics object a node is (Kiali's `getNodeMetricType`); undefined when none. */
export function metricsObject(node: GraphNodeData): { kind: MetricsObjectKind; name: string } | undefined {
  switch (node.nodeType) {
    case 'app':
      // A versioned app node is one workload: narrow to it, as Kiali does.
      if (node.workload !== undefined && node.workload !== '')
        return { kind: 'workloads', name: node.workload };
      return node.app === undefined ? undefined : { kind: 'apps', name: node.app };
    case 'workload':
      return node.workload === undefined ? undefined : { kind: 'workloads', name: node.workload };
    case 'service':
      return node.service === undefined ? undefined : { kind: 'services', name: node.service };
    case 'aggregate':
    case 'box':
    case 'unknown':
      return undefined;
  }
}

/** The metrics queries of a node's charts: inbound unless it is a traffic source, outbound when it has real outbound edges. */
export function nodeMetricsQueries(node: GraphNodeData, durationSec: number): NodeMetricsQuery[] {
  const object = metricsObject(node);
  if (object === undefined || node.isInaccessible === true) return [];
  const base = { namespace: node.namespace, kind: object.kind, name: object.name, durationSec };
  const queries: NodeMetricsQuery[] = [];
  if (node.isRoot !== true) {
    queries.push({
      ...base,
      direction: 'inbound',
      reporter: node.nodeType === 'service' ? 'source' : 'destination',
    });
  }
  if (node.nodeType !== 'service' && !(node.isOutside === true && node.isRoot !== true)) {
    queries.push({ ...base, direction: 'outbound', reporter: 'source' });
  }
  return queries;
}

export function nodeMetricsPath(q: NodeMetricsQuery): string {
  const { stepSec, rateInterval } = rateParams(q.durationSec);
  const params = new URLSearchParams();
  for (const f of ['request_count', 'request_error_count', 'request_duration_millis'])
    params.append('filters[]', f);
  params.set('direction', q.direction);
  params.set('reporter', q.reporter);
  for (const quantile of ['0.95', '0.99']) params.append('quantiles[]', quantile);
  params.set('duration', String(q.durationSec));
  params.set('step', String(stepSec));
  params.set('rateInterval', rateInterval);
  return `/api/namespaces/${encodeURIComponent(q.namespace)}/${q.kind}/${encodeURIComponent(q.name)}/metrics?${params.toString()}`;
}

export const sidePanelKeys = {
  all: ['graph', 'side-panel'] as const,
  nodeMetrics: (q: NodeMetricsQuery) => [...sidePanelKeys.all, 'node-metrics', q] as const,
};

export function nodeMetricsQueryOptions(q: NodeMetricsQuery, options: { readonly refreshMs: number }) {
  return queryOptions<MetricsMapJson>({
    queryKey: sidePanelKeys.nodeMetrics(q),
    queryFn: ({ signal }) => fetchJson(nodeMetricsPath(q), metricsMapSchema, { signal }),
    refetchInterval: options.refreshMs || false,
  });
}
