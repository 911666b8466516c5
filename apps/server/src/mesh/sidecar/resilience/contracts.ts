/**
 * What the request path asks of a cluster's resilience machinery: circuit breakers, outlier
 * detection, the connection pool and the cluster's Envoy counters. One place, so the router
 * (upstream.ts) and the implementations (this folder) agree on one shape.
 */
import type { Agent } from 'node:http';

/** How one upstream try ended, as outlier detection counts it. */
export type TryOutcome =
  /** An HTTP status the endpoint answered with. */
  | number
  /** Local-origin failures: Envoy maps them to 503 (connect failure, reset) and 504 (timeout). */
  | 'connect-failure'
  | 'reset'
  | 'timeout';

/** Envoy's per-cluster counters the router moves (`envoy_cluster_<name>{cluster_name}`). */
export const CLUSTER_COUNTERS = [
  'upstream_rq_retry',
  'upstream_rq_retry_success',
  'upstream_rq_retry_limit_exceeded',
  'upstream_rq_retry_overflow',
  'upstream_rq_pending_overflow',
  'upstream_rq_timeout',
  'upstream_rq_per_try_timeout',
  'upstream_cx_overflow',
  'upstream_cx_connect_timeout',
] as const;
export type ClusterCounter = (typeof CLUSTER_COUNTERS)[number];

export interface CircuitBreakers {
  /**
   * Admits one upstream try (Envoy's max_requests, and max_pending_requests over max_connections
   * for HTTP/1: a try beyond `maxConnections` in flight waits for a connection, and beyond
   * `maxConnections + maxPendingRequests` overflows). False: overflow, the caller answers 503 UO
   * and counts nothing against outlier detection. Each `true` is paired with one `releaseRequest`.
   * The breakers count `upstream_cx_overflow` (admitted, but waiting for a connection) and
   * `upstream_rq_pending_overflow` (refused) themselves, as Envoy's pool does: the caller doesn't.
   */
  admitRequest(): boolean;
  releaseRequest(): void;
  /**
   * Admits one retry against `maxRetries` (retries in flight); paired with `releaseRetry`. Counts
   * nothing: on false the router counts `upstream_rq_retry_overflow`.
   */
  admitRetry(): boolean;
  releaseRetry(): void;
}

export interface OutlierDetector {
  /** Records how a try on the endpoint at `address` ended; may eject it at once. */
  report(address: string, outcome: TryOutcome): void;
}

export interface ClusterResilience {
  readonly breakers: CircuitBreakers;
  /** Undefined when the cluster has no outlier detection. */
  readonly outlier: OutlierDetector | undefined;
  /** The cluster's keep-alive pool (maxConnections, maxRequestsPerConnection, idleTimeout). */
  readonly agent: Agent;
  count(counter: ClusterCounter): void;
}
