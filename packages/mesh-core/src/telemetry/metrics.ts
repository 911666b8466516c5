/**
 * Istio's standard metrics as data: names, types, help, label names in Istio's order and histogram
 * buckets. The server side registers these definitions with prom-client; nothing here counts
 * anything. The label values of one request come from `metric-labels.ts`.
 *
 * The label names and their order follow the expected samples in istio/proxy's stats tests
 * (`proxy-metric-expectations/*.yaml.tmpl`), which are the contract: HTTP samples carry
 * `response_code` and `grpc_response_status`; TCP samples have neither.
 * Buckets: istio/proxy records these through Envoy's histograms, which use Envoy's default
 * buckets (`HistogramSettingsImpl::defaultBuckets`) for durations and byte sizes alike. Envoy's
 * Prometheus output carries no help text for these metrics; ours follow Istio's documentation.
 */

/** The peer labels every Istio metric starts with, in Istio's order. */
const PEER_LABELS = [
  'reporter',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
] as const;

/** The labels of every TCP metric, in Istio's order. */
export const ISTIO_TCP_LABELS = [
  ...PEER_LABELS,
  'request_protocol',
  'response_flags',
  'connection_security_policy',
] as const;

/** The labels of every HTTP/gRPC metric, in Istio's order: the TCP set plus the response's code and gRPC status. */
export const ISTIO_HTTP_LABELS = [
  ...PEER_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

export type TcpLabelName = (typeof ISTIO_TCP_LABELS)[number];
export type HttpLabelName = (typeof ISTIO_HTTP_LABELS)[number];
export type TcpLabels = Readonly<Record<TcpLabelName, string>>;
export type HttpLabels = Readonly<Record<HttpLabelName, string>>;

/** Envoy's default histogram buckets: milliseconds for durations, bytes for sizes. */
export const ENVOY_DEFAULT_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;

export const METRIC_TYPES = ['counter', 'histogram'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** One standard metric, ready to hand to a Prometheus client. */
export interface IstioMetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly HttpLabelName[];
  readonly buckets?: readonly number[];
}

export const ISTIO_REQUESTS_TOTAL = {
  name: 'istio_requests_total',
  type: 'counter',
  help: 'A counter incremented for every request handled by an Istio proxy.',
  labelNames: ISTIO_HTTP_LABELS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_REQUEST_DURATION_MILLISECONDS = {
  name: 'istio_request_duration_milliseconds',
  type: 'histogram',
  help: 'A distribution which measures the duration of requests, in milliseconds.',
  labelNames: ISTIO_HTTP_LABELS,
  buckets: ENVOY_DEFAULT_BUCKETS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_REQUEST_BYTES = {
  name: 'istio_request_bytes',
  type: 'histogram',
  help: 'A distribution which measures HTTP request body sizes, in bytes.',
  labelNames: ISTIO_HTTP_LABELS,
  buckets: ENVOY_DEFAULT_BUCKETS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_RESPONSE_BYTES = {
  name: 'istio_response_bytes',
  type: 'histogram',
  help: 'A distribution which measures HTTP response body sizes, in bytes.',
  labelNames: ISTIO_HTTP_LABELS,
  buckets: ENVOY_DEFAULT_BUCKETS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_TCP_SENT_BYTES_TOTAL = {
  name: 'istio_tcp_sent_bytes_total',
  type: 'counter',
  help: 'A counter of the total bytes sent during response in case of a TCP connection.',
  labelNames: ISTIO_TCP_LABELS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_TCP_RECEIVED_BYTES_TOTAL = {
  name: 'istio_tcp_received_bytes_total',
  type: 'counter',
  help: 'A counter of the total bytes received during request in case of a TCP connection.',
  labelNames: ISTIO_TCP_LABELS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_TCP_CONNECTIONS_OPENED_TOTAL = {
  name: 'istio_tcp_connections_opened_total',
  type: 'counter',
  help: 'A counter incremented for every opened TCP connection.',
  labelNames: ISTIO_TCP_LABELS,
} as const satisfies IstioMetricDefinition;

export const ISTIO_TCP_CONNECTIONS_CLOSED_TOTAL = {
  name: 'istio_tcp_connections_closed_total',
  type: 'counter',
  help: 'A counter incremented for every closed TCP connection.',
  labelNames: ISTIO_TCP_LABELS,
} as const satisfies IstioMetricDefinition;

/** Every standard metric, HTTP first. */
export const ISTIO_STANDARD_METRICS: readonly IstioMetricDefinition[] = [
  ISTIO_REQUESTS_TOTAL,
  ISTIO_REQUEST_DURATION_MILLISECONDS,
  ISTIO_REQUEST_BYTES,
  ISTIO_RESPONSE_BYTES,
  ISTIO_TCP_SENT_BYTES_TOTAL,
  ISTIO_TCP_RECEIVED_BYTES_TOTAL,
  ISTIO_TCP_CONNECTIONS_OPENED_TOTAL,
  ISTIO_TCP_CONNECTIONS_CLOSED_TOTAL,
];
