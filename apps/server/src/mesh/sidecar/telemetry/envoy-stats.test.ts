import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createEnvoyStats } from './envoy-stats.ts';

const CLUSTER = 'outbound|9080||reviews.default.svc.cluster.local';

async function lines(registry: Registry): Promise<string[]> {
  return (await registry.metrics()).split('\n');
}

describe('Envoy cluster and rate limit stats on /stats/prometheus', () => {
  it('shows every cluster counter at 0 from the start, under cluster_name', async () => {
    const registry = new Registry();
    createEnvoyStats(registry).cluster(CLUSTER);
    const text = await lines(registry);
    expect(text).toContain(`envoy_cluster_upstream_rq_pending_overflow{cluster_name="${CLUSTER}"} 0`);
    expect(text).toContain(`envoy_cluster_upstream_cx_overflow{cluster_name="${CLUSTER}"} 0`);
    expect(text).toContain('# TYPE envoy_cluster_upstream_rq_retry counter');
    // Outlier stats exist only for clusters with outlier detection.
    expect(text.some((l) => l.startsWith('envoy_cluster_outlier_detection_ejections_active{'))).toBe(false);
  });

  it('names outlier stats envoy_cluster_outlier_detection_<stat>, ejections_active a gauge', async () => {
    const registry = new Registry();
    const outlier = createEnvoyStats(registry).cluster(CLUSTER).outlier();
    outlier.ejectionsActive.set(2);
    outlier.ejectionsEnforcedTotal.inc();
    const text = await lines(registry);
    expect(text).toContain('# TYPE envoy_cluster_outlier_detection_ejections_active gauge');
    expect(text).toContain(`envoy_cluster_outlier_detection_ejections_active{cluster_name="${CLUSTER}"} 2`);
    expect(text).toContain(
      `envoy_cluster_outlier_detection_ejections_enforced_total{cluster_name="${CLUSTER}"} 1`,
    );
  });

  it('drops a removed cluster’s series, and late increments do not bring them back', async () => {
    const registry = new Registry();
    const stats = createEnvoyStats(registry).cluster(CLUSTER);
    stats.outlier();
    stats.remove();
    stats.counters.upstream_rq_retry.inc();
    stats.outlier().ejectionsActive.set(1);
    expect((await lines(registry)).some((l) => l.includes(CLUSTER))).toBe(false);
  });

  it('keeps the stat prefix in local rate limit names, as Istio’s bootstrap leaves it', async () => {
    const registry = new Registry();
    const stats = createEnvoyStats(registry);
    stats.localRateLimit('http_local_rate_limiter').enforced.inc();
    stats.localRateLimit('inbound.8080').ok.inc();
    // One set of counters per prefix, however many limiters share it.
    stats.localRateLimit('http_local_rate_limiter').enforced.inc();
    const text = await lines(registry);
    expect(text).toContain('envoy_http_local_rate_limiter_http_local_rate_limit_enforced 2');
    expect(text).toContain('envoy_http_local_rate_limiter_http_local_rate_limit_enabled 0');
    expect(text).toContain('envoy_inbound_8080_http_local_rate_limit_ok 1');
  });
});
