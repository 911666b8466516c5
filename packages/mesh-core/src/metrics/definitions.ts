/**
 * Kiali's Istio metrics (kiali business/istio_metrics.go): each metric name the console asks for,
 * the Istio series it is computed from, and whether it is a histogram (answered as `avg` and
 * quantile series) or a counter (answered as its rate). `request_error_count` is the rate of the
 * requests Kiali counts as failed: no response or an HTTP 4xx/5xx, and for non-HTTP traffic gRPC
 * statuses 1-16 on an HTTP success.
 */

export const METRIC_NAMES = [
  'grpc_received',
  'grpc_sent',
  'request_count',
  'request_duration_millis',
  'request_error_count',
  'request_size',
  'request_throughput',
  'response_size',
  'response_throughput',
  'tcp_closed',
  'tcp_opened',
  'tcp_received',
  'tcp_sent',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface IstioMetricDefinition {
  /** The Istio series (a histogram's base name, without `_bucket`, `_sum`, `_count`). */
  readonly istioName: string;
  readonly histogram: boolean;
  /** Selects only failed requests (`request_error_count`). */
  readonly errorsOnly: boolean;
}

const counter = (istioName: string, errorsOnly = false): IstioMetricDefinition => ({
  istioName,
  histogram: false,
  errorsOnly,
});
const histogram = (istioName: string): IstioMetricDefinition => ({
  istioName,
  histogram: true,
  errorsOnly: false,
});

export const ISTIO_METRICS: Readonly<Record<MetricName, IstioMetricDefinition>> = {
  grpc_received: counter('istio_response_messages_total'),
  grpc_sent: counter('istio_request_messages_total'),
  request_count: counter('istio_requests_total'),
  request_error_count: counter('istio_requests_total', true),
  request_duration_millis: histogram('istio_request_duration_milliseconds'),
  request_throughput: counter('istio_request_bytes_sum'),
  response_throughput: counter('istio_response_bytes_sum'),
  request_size: histogram('istio_request_bytes'),
  response_size: histogram('istio_response_bytes'),
  // Istio's L4 byte counters are named from the other side (istio/istio#32399); Kiali swaps them.
  tcp_received: counter('istio_tcp_sent_bytes_total'),
  tcp_sent: counter('istio_tcp_received_bytes_total'),
  tcp_opened: counter('istio_tcp_connections_opened_total'),
  tcp_closed: counter('istio_tcp_connections_closed_total'),
};

/** Kiali's regex of failed HTTP responses: none at all (0), or 4xx and 5xx. */
export const RESPONSE_CODE_ERROR_REGEX = '^0$|^[4-5]\\d\\d$';
/** gRPC statuses other than OK (0). */
export const GRPC_STATUS_ERROR_REGEX = '^[1-9]$|^1[0-6]$';
