/**
 * A cluster's merged DestinationRule blocks → the circuit breakers, connection pool and outlier
 * detection a proxy enforces, as pilot's `applyConnectionPool` and `applyOutlierDetection` set
 * Envoy's cluster:
 *
 * - Circuit breaker thresholds start at Istio's defaults (every one unlimited, not Envoy's 1024 or
 *   3 retries) and a DestinationRule value replaces one only when it is above 0: pilot cannot tell
 *   an explicit 0 from an absent field, so `maxRetries: 0` leaves retries unlimited.
 * - The idle timeout is `http.idleTimeout`, else `tcp.idleTimeout`, else Envoy's 1 h; 0 disables it.
 * - Outlier detection exists only when the block does. Envoy's defaults fill what it leaves out:
 *   5 consecutive 5xx, the gateway-error detector off, 10 s interval, 30 s base ejection, 10%
 *   ejected at most. An explicit `consecutive5xxErrors: 0` turns the 5xx detector off. The
 *   deprecated `consecutiveErrors` is ignored: pilot once mapped it to gateway errors (turning the
 *   5xx detector off) but no longer reads it. `minHealthPercent` becomes Envoy's panic threshold,
 *   which Istio sets to 0 (never panic) unless told otherwise.
 */
import type { DestinationRuleSpec } from '../config/istio-types.gen.ts';
import { parseGoDuration } from '../config/schema/go-duration.ts';
import type { ConnectionPool, OutlierDetection, TrafficPolicy } from './snapshot.ts';
import { defaultConnectionPool } from './snapshot.ts';

type DrPolicy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
type IstioConnectionPool = NonNullable<DrPolicy['connectionPool']>;
type IstioOutlierDetection = NonNullable<DrPolicy['outlierDetection']>;

/** A Go duration (`500ms`, `1.5s`, `3m`) in milliseconds; undefined when absent, malformed or negative. */
export function goDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseGoDuration(text);
  if (!parsed.ok || parsed.nanos < 0n) return undefined;
  return Number(parsed.nanos) / 1e6;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

/** Envoy's thresholds and pool settings for a cluster; Istio's defaults when the block is absent. */
export function connectionPoolOf(policy: TrafficPolicy): ConnectionPool {
  // The merged policy holds the DestinationRule's JSON as read and checked against its CRD.
  const settings = policy.connectionPool as IstioConnectionPool | undefined;
  const pool = defaultConnectionPool();
  const http = settings?.http;
  const tcp = settings?.tcp;
  const connectTimeoutMs = goDurationMs(tcp?.connectTimeout);
  const idleTimeoutMs = goDurationMs(http?.idleTimeout ?? tcp?.idleTimeout);
  return {
    maxConnections: positive(tcp?.maxConnections) ?? pool.maxConnections,
    maxPendingRequests: positive(http?.http1MaxPendingRequests) ?? pool.maxPendingRequests,
    maxRequests: positive(http?.http2MaxRequests) ?? pool.maxRequests,
    maxRetries: positive(http?.maxRetries) ?? pool.maxRetries,
    maxRequestsPerConnection: positive(http?.maxRequestsPerConnection) ?? pool.maxRequestsPerConnection,
    idleTimeoutMs: idleTimeoutMs ?? pool.idleTimeoutMs,
    // Envoy refuses a zero connect timeout; Istio's validation refuses it before that.
    connectTimeoutMs: positive(connectTimeoutMs) ?? pool.connectTimeoutMs,
  };
}

const envoyOutlierDefaults = {
  consecutive5xxErrors: 5,
  consecutiveGatewayErrors: 0,
  intervalMs: 10_000,
  baseEjectionTimeMs: 30_000,
  maxEjectionPercent: 10,
} as const;

/** Outlier detection for a cluster, or undefined when its policy has no `outlierDetection`. */
export function outlierDetectionOf(policy: TrafficPolicy): OutlierDetection | undefined {
  const outlier = policy.outlierDetection as IstioOutlierDetection | undefined;
  if (!outlier) return undefined;
  const d = envoyOutlierDefaults;
  return {
    consecutive5xxErrors: outlier.consecutive5xxErrors ?? d.consecutive5xxErrors,
    consecutiveGatewayErrors: outlier.consecutiveGatewayErrors ?? d.consecutiveGatewayErrors,
    intervalMs: positive(goDurationMs(outlier.interval)) ?? d.intervalMs,
    baseEjectionTimeMs: positive(goDurationMs(outlier.baseEjectionTime)) ?? d.baseEjectionTimeMs,
    maxEjectionPercent: Math.min(100, positive(outlier.maxEjectionPercent) ?? d.maxEjectionPercent),
    minHealthPercent: Math.min(100, Math.max(0, outlier.minHealthPercent ?? 0)),
  };
}
