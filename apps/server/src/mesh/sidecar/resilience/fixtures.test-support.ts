/** Snapshot pieces for the resilience tests, parsed through the snapshot schemas (defaults and all). */
import { clusterSchema } from '@meshlens/mesh-core/routing';
import type { Cluster } from '@meshlens/mesh-core/routing';
import { Registry } from 'prom-client';
import { createEnvoyStats } from '../telemetry/envoy-stats.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';

export const CLUSTER = 'outbound|9080||web.default.svc.cluster.local';

/** `n` endpoints at 10.0.0.1:9080, 10.0.0.2:9080, … */
export function testCluster(n: number, extra: Record<string, unknown> = {}, name = CLUSTER): Cluster {
  return clusterSchema.parse({
    name,
    kind: 'outbound',
    endpoints: Array.from({ length: n }, (_, i) => ({
      workload: `web-v${i + 1}`,
      namespace: 'default',
      replica: 0,
      port: 9080,
      labels: {},
      address: `10.0.0.${i + 1}:9080`,
    })),
    lbPolicy: { type: 'ROUND_ROBIN' },
    trafficPolicy: {},
    ...extra,
  });
}

export function address(i: number): string {
  return `10.0.0.${i}:9080`;
}

/** Reads `Date.now()`, which vitest's fake timers drive, and schedules on the (fake) timers. */
export const fakeClock: Clock = {
  now: () => Date.now(),
  every: (ms, fn) => systemClock.every(ms, fn),
};

/** Envoy stats over a fresh Prometheus registry, and a reader of one sample's value. */
export function testStats(): {
  stats: ReturnType<typeof createEnvoyStats>;
  value(name: string, labels?: Record<string, string>): Promise<number | undefined>;
} {
  const registry = new Registry();
  const stats = createEnvoyStats(registry);
  return {
    stats,
    async value(name, labels = {}) {
      const metric = registry.getSingleMetric(name);
      if (!metric) return undefined;
      const { values } = await metric.get();
      const hit = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
      return hit?.value;
    },
  };
}
