/**
 * The Envoy stats the resilience machinery moves, as handles bound once (per cluster, per rate
 * limit stat prefix) so the request path only calls `inc()`. Implemented over the proxy's
 * Prometheus registry by `telemetry/envoy-stats.ts`.
 */
import type { Increment } from './clock.ts';
import type { ClusterCounter } from './contracts.ts';

export interface GaugeHandle {
  set(value: number): void;
}

/** `cluster.<name>.outlier_detection.*` */
export interface OutlierStats {
  readonly ejectionsActive: GaugeHandle;
  readonly ejectionsEnforcedTotal: Increment;
  readonly ejectionsEnforcedConsecutive5xx: Increment;
  readonly ejectionsEnforcedConsecutiveGatewayFailure: Increment;
  readonly ejectionsDetectedConsecutive5xx: Increment;
  readonly ejectionsDetectedConsecutiveGatewayFailure: Increment;
  /** An ejection max_ejection_percent did not allow. */
  readonly ejectionsOverflow: Increment;
}

export interface ClusterStats {
  readonly counters: Readonly<Record<ClusterCounter, Increment>>;
  /** Bound on first use: Envoy has outlier stats only for clusters with outlier detection. */
  outlier(): OutlierStats;
  /** The cluster left the configuration: its series are dropped from the exposition. */
  remove(): void;
}

/** `<stat_prefix>.http_local_rate_limit.*` */
export interface LocalRateLimitStats {
  readonly enabled: Increment;
  readonly ok: Increment;
  readonly rateLimited: Increment;
  readonly enforced: Increment;
}

export interface ResilienceStats {
  cluster(name: string): ClusterStats;
  localRateLimit(statPrefix: string): LocalRateLimitStats;
}
