/**
 * The sidecar's Prometheus metrics, served on its `/stats/prometheus`: Istio's standard HTTP
 * metrics plus a few counters of the proxy's own, named as Envoy names them.
 *
 * Istio metrics (`istio_requests_total` counter; `istio_request_duration_milliseconds`,
 * `istio_request_bytes`, `istio_response_bytes` histograms over Envoy's default buckets) use the
 * definitions, label names and label order of `@meshlens/mesh-core/telemetry`. As in Envoy's
 * output, a counter is exposed under its exact name: the Prometheus text format (0.0.4) that
 * prom-client writes here appends no `_total`.
 *
 * Proxy counters. Envoy names its stats `http.<stat_prefix>.<stat>` and `cluster.<name>.<stat>`;
 * its Prometheus output turns them into `envoy_http_<stat>` and `envoy_cluster_<stat>`, and Istio's
 * bootstrap tag extractors move the cluster name into a `cluster_name` label. We follow that,
 * without the `http_conn_manager_prefix` label since this API knows no listener:
 * - `envoy_http_downstream_cx_protocol_error{kind}`: requests refused by the HTTP codec (Envoy's
 *   HCM counts every codec error here). `kind` (`bad_request`, `header_too_large`,
 *   `invalid_header`, `cl_and_te`, `other`) is our addition, so a `sum()` over it is Envoy's number.
 * - `envoy_http_downstream_rq_timeout`: requests closed because they were not received in time
 *   (Envoy: "Total requests closed due to a timeout on the request path"); `countProtocolError`
 *   with kind `timeout` lands here, as Envoy does not count a timeout as a protocol error.
 * - `envoy_http_downstream_rq_rx_reset`: request resets received from downstream.
 * - `envoy_cluster_upstream_cx_connect_fail{cluster_name}`: failed upstream connection attempts.
 *
 * Cluster circuit-breaker, retry and timeout counters, outlier-detection stats and local rate
 * limit stats come from `envoy-stats.ts` (`resilienceStats`), bound once per cluster or prefix.
 */
import type { HttpLabels } from '@meshlens/mesh-core/telemetry';
import {
  ISTIO_REQUESTS_TOTAL,
  ISTIO_REQUEST_BYTES,
  ISTIO_REQUEST_DURATION_MILLISECONDS,
  ISTIO_RESPONSE_BYTES,
} from '@meshlens/mesh-core/telemetry';
import type { Metric } from 'prom-client';
import { Counter, Registry } from 'prom-client';
import type { ResilienceStats } from '../resilience/stats.ts';
import { createEnvoyStats } from './envoy-stats.ts';
import type { RegistryMetric, RequestRecorder } from './request-series.ts';
import { SeriesStore, seriesMetric } from './request-series.ts';

export type { RequestRecorder } from './request-series.ts';

/** What the proxy can report about a request the HTTP codec refused. */
export const PROTOCOL_ERROR_KINDS = [
  'bad_request',
  'header_too_large',
  'invalid_header',
  'cl_and_te',
  'timeout',
  'other',
] as const;
export type ProtocolErrorKind = (typeof PROTOCOL_ERROR_KINDS)[number];

export const PROXY_COUNTER_NAMES = {
  protocolError: 'envoy_http_downstream_cx_protocol_error',
  requestTimeout: 'envoy_http_downstream_rq_timeout',
  downstreamReset: 'envoy_http_downstream_rq_rx_reset',
  upstreamConnectFail: 'envoy_cluster_upstream_cx_connect_fail',
} as const;

export interface ProxyMetrics {
  /** This proxy's own registry; never prom-client's global one. */
  readonly registry: Registry;
  /**
   * A recorder bound to these labels for `istio_requests_total`,
   * `istio_request_duration_milliseconds`, `istio_request_bytes` and `istio_response_bytes`.
   * Slowish (it resolves the label set); callers cache recorders. `record()` is the fast part.
   */
  recorderFor(labels: HttpLabels): RequestRecorder;
  countProtocolError(kind: ProtocolErrorKind): void;
  countDownstreamReset(): void;
  countUpstreamConnectFailure(cluster: string): void;
  /** Cluster, outlier-detection and local rate limit stats, on this registry. */
  readonly resilienceStats: ResilienceStats;
  /** The Prometheus text exposition of every metric in `registry`. */
  exposition(): Promise<string>;
  readonly contentType: string;
}

interface Increment {
  inc(): void;
}

function register(registry: Registry, metric: RegistryMetric): void {
  // prom-client types `registerMetric` as its own metric classes, but its registry only reads
  // `name`, `help`, `type`, `aggregator`, `get()` and `reset()`, which a RegistryMetric provides.
  registry.registerMetric(metric as unknown as Metric);
}

export function createProxyMetrics(): ProxyMetrics {
  const registry = new Registry();
  const store = new SeriesStore();
  register(registry, seriesMetric(ISTIO_REQUESTS_TOTAL, store));
  register(
    registry,
    seriesMetric(ISTIO_REQUEST_DURATION_MILLISECONDS, store, (s) => s.duration),
  );
  register(
    registry,
    seriesMetric(ISTIO_REQUEST_BYTES, store, (s) => s.requestBytes),
  );
  register(
    registry,
    seriesMetric(ISTIO_RESPONSE_BYTES, store, (s) => s.responseBytes),
  );

  const protocolErrors = new Counter({
    name: PROXY_COUNTER_NAMES.protocolError,
    help: 'Requests refused by the HTTP codec, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const requestTimeouts = new Counter({
    name: PROXY_COUNTER_NAMES.requestTimeout,
    help: 'Requests closed because they were not received in time.',
    registers: [registry],
  });
  const downstreamResets = new Counter({
    name: PROXY_COUNTER_NAMES.downstreamReset,
    help: 'Request resets received from downstream.',
    registers: [registry],
  });
  const connectFailures = new Counter({
    name: PROXY_COUNTER_NAMES.upstreamConnectFail,
    help: 'Failed upstream connection attempts, by cluster.',
    labelNames: ['cluster_name'] as const,
    registers: [registry],
  });

  // Children bound once; every kind starts at 0 so dashboards see the series before the first error,
  // as Envoy shows its counters at 0.
  const byKind = new Map<ProtocolErrorKind, Increment>();
  for (const kind of PROTOCOL_ERROR_KINDS) {
    if (kind === 'timeout') {
      byKind.set(kind, requestTimeouts);
      continue;
    }
    const child = protocolErrors.labels({ kind });
    child.inc(0);
    byKind.set(kind, child);
  }
  const byCluster = new Map<string, Increment>();

  return {
    registry,
    contentType: registry.contentType,
    recorderFor: (labels) => store.seriesFor(ISTIO_REQUESTS_TOTAL, labels),
    countProtocolError(kind) {
      byKind.get(kind)?.inc();
    },
    countDownstreamReset() {
      downstreamResets.inc();
    },
    countUpstreamConnectFailure(cluster) {
      let child = byCluster.get(cluster);
      if (child === undefined) {
        child = connectFailures.labels({ cluster_name: cluster });
        byCluster.set(cluster, child);
      }
      child.inc();
    },
    resilienceStats: createEnvoyStats(registry),
    exposition: () => registry.metrics(),
  };
}
