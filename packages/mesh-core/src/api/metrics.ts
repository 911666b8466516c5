/**
 * Metrics as the console API sends them (Kiali's JSON, kiali models/metrics.go `MetricsMap`),
 * and the four metrics endpoints.
 *
 * `GET /api/namespaces/{namespace}[/apps/{app}|/workloads/{workload}|/services/{service}]/metrics`
 * answers `{ "<metric name>": [ { "labels": {…}, "datapoints": [[<unix s>, "<value>"], …],
 * "stat"?: "avg" | "<quantile>", "name": "<metric name>" } ] }`: one entry per series (per
 * combination of the `byLabels[]` values), a histogram's once per stat. A datapoint's value is a
 * string, as Prometheus (and Kiali, through its `SamplePair` encoding) writes it: `"NaN"`,
 * `"+Inf"` and `"-Inf"` included. A metric asked for without series is an empty list.
 */
import { z } from 'zod';
import { METRIC_NAMES } from '../metrics/definitions.ts';
import {
  DEFAULT_METRICS_QUERY,
  METRICS_DIRECTIONS,
  METRICS_REPORTERS,
  RATE_FUNCS,
} from '../metrics/params.ts';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

/** `[unix seconds, value as Prometheus writes it]`. */
export const metricDatapointSchema = z.tuple([z.number(), z.string()]);

export const metricSchema = z.object({
  labels: z.record(z.string(), z.string()),
  datapoints: z.array(metricDatapointSchema),
  /** A histogram's statistic: `avg` or the quantile as asked (`0.95`); absent for counters. */
  stat: z.string().optional(),
  name: z.enum(METRIC_NAMES),
});

export const metricsMapSchema = z.partialRecord(z.enum(METRIC_NAMES), z.array(metricSchema));

export type MetricDatapoint = z.infer<typeof metricDatapointSchema>;
export type MetricJson = z.infer<typeof metricSchema>;
export type MetricsMapJson = z.infer<typeof metricsMapSchema>;

const path = (name: string, description: string): ApiParam => ({
  name,
  in: 'path',
  description,
  required: true,
});

const QUERY_PARAMS: readonly ApiParam[] = [
  {
    name: 'filters[]',
    in: 'query',
    description: 'Metrics to answer (repeated); every metric when absent.',
    schema: z.array(z.enum(METRIC_NAMES)),
  },
  {
    name: 'direction',
    in: 'query',
    description: `Traffic into the object (inbound) or out of it (outbound); default ${DEFAULT_METRICS_QUERY.direction}. Services: inbound only.`,
    schema: z.enum(METRICS_DIRECTIONS),
  },
  {
    name: 'reporter',
    in: 'query',
    description: `Whose proxy's reports: the caller's (source), the callee's (destination) or both; default ${DEFAULT_METRICS_QUERY.reporter}.`,
    schema: z.enum(METRICS_REPORTERS),
  },
  {
    name: 'includeAmbient',
    in: 'query',
    description: 'Count ambient waypoints’ reports with the reporter’s; default false.',
    schema: z.boolean(),
  },
  { name: 'requestProtocol', in: 'query', description: 'Only requests of this protocol (http, grpc, tcp).' },
  { name: 'clusterName', in: 'query', description: 'Only series of the object’s side in this cluster.' },
  {
    name: 'rateInterval',
    in: 'query',
    description: 'Window of each rate, a Prometheus duration of whole seconds; default 1m.',
  },
  {
    name: 'rateFunc',
    in: 'query',
    description: `Rate function of counters; default ${DEFAULT_METRICS_QUERY.rateFunc}.`,
    schema: z.enum(RATE_FUNCS),
  },
  {
    name: 'queryTime',
    in: 'query',
    description: 'End of the range, unix seconds; default now.',
    schema: z.int(),
  },
  {
    name: 'duration',
    in: 'query',
    description: `Length of the range in seconds; default ${DEFAULT_METRICS_QUERY.durationSec}.`,
    schema: z.int().positive(),
  },
  {
    name: 'step',
    in: 'query',
    description: `Seconds between datapoints; default ${DEFAULT_METRICS_QUERY.stepSec}.`,
    schema: z.int().positive(),
  },
  {
    name: 'quantiles[]',
    in: 'query',
    description: 'Histogram quantiles to answer (repeated), each between 0 and 1, e.g. 0.5, 0.95, 0.99.',
    schema: z.array(z.string()),
  },
  {
    name: 'avg',
    in: 'query',
    description: 'Answer each histogram’s average; default true.',
    schema: z.boolean(),
  },
  {
    name: 'byLabels[]',
    in: 'query',
    description: 'Prometheus labels to split series by (repeated); one series in all when absent.',
    schema: z.array(z.string()),
  },
];

const RESPONSES = [
  { status: 200, description: 'The metrics asked for, by name.', schema: metricsMapSchema },
  { status: 400, description: 'A query parameter is invalid; `param` names it.' },
  { status: 404, description: 'The namespace, app, workload or service does not exist.' },
  { status: 422, description: 'Prometheus could not evaluate a query.' },
  { status: 502, description: 'Prometheus answered something that is not its API’s answer.' },
  { status: 503, description: 'Prometheus is unreachable; the message names its URL.' },
] as const;

const NAMESPACE = path('namespace', 'The namespace.');

function endpoint(suffix: string, object: string, params: readonly ApiParam[]): ApiEndpoint {
  return {
    method: 'get',
    path: `/api/namespaces/{namespace}${suffix}/metrics`,
    tag: 'metrics',
    summary: `Istio request and TCP metrics of ${object} over a time range (Kiali's metrics API).`,
    params: [NAMESPACE, ...params, ...QUERY_PARAMS],
    responses: RESPONSES,
  };
}

export const metricsEndpoints: readonly ApiEndpoint[] = [
  endpoint('', 'the workloads of a namespace', []),
  endpoint('/apps/{app}', 'an app (its canonical service)', [path('app', 'The app.')]),
  endpoint('/workloads/{workload}', 'a workload', [path('workload', 'The workload.')]),
  endpoint('/services/{service}', 'a service (inbound only)', [path('service', 'The service.')]),
];
