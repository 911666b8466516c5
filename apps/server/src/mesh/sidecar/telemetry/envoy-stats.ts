/**
 * Envoy's cluster, outlier-detection and local-rate-limit stats on the proxy's Prometheus
 * registry, named as Envoy's /stats/prometheus names them under Istio's bootstrap:
 *
 * - `cluster.<name>.<stat>` → `envoy_cluster_<stat>{cluster_name="<name>"}` (Istio's
 *   `cluster_name` tag extractor), e.g. `envoy_cluster_upstream_rq_pending_overflow`;
 * - `cluster.<name>.outlier_detection.<stat>` → `envoy_cluster_outlier_detection_<stat>{cluster_name}`,
 *   with `ejections_active` a gauge;
 * - `<stat_prefix>.http_local_rate_limit.<stat>` → `envoy_<stat_prefix>_http_local_rate_limit_<stat>`:
 *   Istio's bootstrap sets `use_all_default_tags: false` and lists no extractor for this prefix,
 *   so the prefix stays in the name (plain Envoy would move it to an
 *   `envoy_local_http_ratelimit_prefix` label).
 *
 * Handles are bound once per cluster or prefix; every counter of a cluster starts at 0, as Envoy
 * shows it, so dashboards see the series before the first event.
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Increment } from '../resilience/clock.ts';
import { CLUSTER_COUNTERS } from '../resilience/contracts.ts';
import type { ClusterCounter } from '../resilience/contracts.ts';
import type {
  ClusterStats,
  LocalRateLimitStats,
  OutlierStats,
  ResilienceStats,
} from '../resilience/stats.ts';

const CLUSTER_HELP: Readonly<Record<ClusterCounter, string>> = {
  upstream_rq_retry: 'Total request retries.',
  upstream_rq_retry_success: 'Total request retry successes.',
  upstream_rq_retry_limit_exceeded: 'Total requests not retried because max retries reached.',
  upstream_rq_retry_overflow:
    'Total requests not retried due to circuit breaking or exceeding the retry budget.',
  upstream_rq_pending_overflow:
    'Total requests that overflowed connection pool or requests circuit breaking and were failed.',
  upstream_rq_timeout: 'Total requests that timed out waiting for a response.',
  upstream_rq_per_try_timeout: 'Total requests that hit the per try timeout.',
  upstream_cx_overflow: 'Total times that the cluster’s connection circuit breaker overflowed.',
  upstream_cx_connect_timeout: 'Total connection connect timeouts.',
};

const OUTLIER_COUNTERS = {
  ejectionsEnforcedTotal: [
    'ejections_enforced_total',
    'Number of enforced ejections due to any outlier type.',
  ],
  ejectionsEnforcedConsecutive5xx: [
    'ejections_enforced_consecutive_5xx',
    'Number of enforced consecutive 5xx ejections.',
  ],
  ejectionsEnforcedConsecutiveGatewayFailure: [
    'ejections_enforced_consecutive_gateway_failure',
    'Number of enforced consecutive gateway failure ejections.',
  ],
  ejectionsDetectedConsecutive5xx: [
    'ejections_detected_consecutive_5xx',
    'Number of detected consecutive 5xx ejections.',
  ],
  ejectionsDetectedConsecutiveGatewayFailure: [
    'ejections_detected_consecutive_gateway_failure',
    'Number of detected consecutive gateway failure ejections.',
  ],
  ejectionsOverflow: ['ejections_overflow', 'Number of ejections aborted due to the max ejection %.'],
} as const satisfies Record<Exclude<keyof OutlierStats, 'ejectionsActive'>, readonly [string, string]>;

type OutlierCounterKey = keyof typeof OUTLIER_COUNTERS;

/** Envoy's Prometheus name sanitizing: anything outside [a-zA-Z0-9_] becomes `_`. */
export function promSafe(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** A cluster's series, bound once; `removed` silences late increments from requests in flight. */
interface Binding {
  readonly labels: Record<string, string>;
  removed: boolean;
}

function bind(metric: Counter, binding: Binding): Increment {
  const child = metric.labels(binding.labels);
  child.inc(0);
  return {
    inc() {
      // prom-client would bring a removed series back on its next increment.
      if (!binding.removed) child.inc();
    },
  };
}

export function createEnvoyStats(registry: Registry): ResilienceStats {
  const clusterCounters = Object.fromEntries(
    CLUSTER_COUNTERS.map((c) => [
      c,
      counter(registry, `envoy_cluster_${c}`, CLUSTER_HELP[c], ['cluster_name']),
    ]),
  ) as Record<ClusterCounter, Counter>;
  const outlierCounters = Object.fromEntries(
    Object.entries(OUTLIER_COUNTERS).map(([key, [stat, help]]) => [
      key,
      counter(registry, `envoy_cluster_outlier_detection_${stat}`, help, ['cluster_name']),
    ]),
  ) as Record<OutlierCounterKey, Counter>;
  const ejectionsActive = new Gauge({
    name: 'envoy_cluster_outlier_detection_ejections_active',
    help: 'Number of currently ejected hosts.',
    labelNames: ['cluster_name'],
    registers: [registry],
  });
  const rateLimits = new Map<string, LocalRateLimitStats>();

  return {
    cluster(name): ClusterStats {
      const labels = { cluster_name: name };
      const binding: Binding = { labels, removed: false };
      const counters = Object.fromEntries(
        CLUSTER_COUNTERS.map((c) => [c, bind(clusterCounters[c], binding)]),
      ) as Record<ClusterCounter, Increment>;
      let outlier: OutlierStats | undefined;
      return {
        counters,
        outlier() {
          if (outlier) return outlier;
          const gauge = ejectionsActive.labels(labels);
          const bound = Object.fromEntries(
            Object.entries(outlierCounters).map(([key, metric]) => [key, bind(metric, binding)]),
          ) as Record<OutlierCounterKey, Increment>;
          const ejections = {
            set(v: number) {
              if (!binding.removed) gauge.set(v);
            },
          };
          outlier = { ...bound, ejectionsActive: ejections };
          return outlier;
        },
        remove() {
          binding.removed = true;
          for (const metric of Object.values(clusterCounters)) metric.remove(labels);
          if (!outlier) return;
          for (const metric of Object.values(outlierCounters)) metric.remove(labels);
          ejectionsActive.remove(labels);
        },
      };
    },
    localRateLimit(statPrefix) {
      let stats = rateLimits.get(statPrefix);
      if (stats) return stats;
      const base = `envoy_${promSafe(statPrefix)}_http_local_rate_limit`;
      const make = (stat: string, help: string): Increment => {
        const c = counter(registry, `${base}_${stat}`, help);
        c.inc(0);
        return c;
      };
      stats = {
        enabled: make('enabled', 'Total number of requests for which the rate limiter was consulted.'),
        ok: make('ok', 'Total under limit responses from the token bucket.'),
        rateLimited: make(
          'rate_limited',
          'Total responses without an available token (but not necessarily enforced).',
        ),
        enforced: make(
          'enforced',
          'Total number of requests for which rate limiting was applied (e.g.: 429 returned).',
        ),
      };
      rateLimits.set(statPrefix, stats);
      return stats;
    },
  };
}
