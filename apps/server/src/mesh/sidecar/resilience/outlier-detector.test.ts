import { outlierDetectionSchema } from '@meshlens/mesh-core/routing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endpointRuntimes, LoadBalancer } from '../load-balancer.ts';
import { address, CLUSTER, fakeClock, testCluster, testStats } from './fixtures.test-support.ts';
import { OutlierDetector } from './outlier-detector.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(config: Record<string, unknown>, hosts = 2) {
  const t = testStats();
  const detector = new OutlierDetector(
    outlierDetectionSchema.parse({ maxEjectionPercent: 100, ...config }),
    t.stats.cluster(CLUSTER).outlier(),
    fakeClock,
  );
  const cluster = testCluster(hosts);
  detector.setHosts(cluster.endpoints.map((e) => e.address ?? ''));
  const lb = new LoadBalancer({
    policy: { type: 'ROUND_ROBIN' },
    endpoints: endpointRuntimes(cluster),
    health: detector,
  });
  const stat = (name: string) =>
    t.value(`envoy_cluster_outlier_detection_${name}`, { cluster_name: CLUSTER });
  return { detector, lb, stat };
}

/** Addresses picked by 20 requests. */
function picked(lb: LoadBalancer): Set<string | undefined> {
  return new Set(Array.from({ length: 20 }, () => lb.pick(undefined)?.address));
}

/** How long `address` stays ejected, to the millisecond step given, up to `limitMs`. */
function ejectedFor(detector: OutlierDetector, addr: string, stepMs = 100, limitMs = 400_000): number {
  let t = 0;
  while (detector.isEjected(addr) && t < limitMs) {
    vi.advanceTimersByTime(stepMs);
    t += stepMs;
  }
  return t;
}

describe('outlier detection', () => {
  it('after one 503 the endpoint is not picked for 10 s (consecutive5xxErrors 1)', () => {
    const { detector, lb } = setup({
      consecutive5xxErrors: 1,
      intervalMs: 1_000,
      baseEjectionTimeMs: 10_000,
    });
    detector.report(address(1), 503);
    expect(picked(lb)).toEqual(new Set([address(2)]));
    vi.advanceTimersByTime(9_900);
    expect(picked(lb)).toEqual(new Set([address(2)]));
    vi.advanceTimersByTime(1_100);
    expect(picked(lb)).toEqual(new Set([address(1), address(2)]));
  });

  it('returns an endpoint only on the interval sweep: at least its time, at most time plus interval', () => {
    const { detector } = setup({ consecutive5xxErrors: 1, intervalMs: 4_000, baseEjectionTimeMs: 10_000 });
    vi.advanceTimersByTime(1_000);
    detector.report(address(1), 500);
    // Sweeps at 4 s, 8 s, 12 s: the first one after 10 s of ejection is at 11 s.
    vi.advanceTimersByTime(10_900);
    expect(detector.isEjected(address(1))).toBe(true);
    vi.advanceTimersByTime(100);
    expect(detector.isEjected(address(1))).toBe(false);
  });

  it('ejection time doubles on the second ejection, and triples on the third', () => {
    const { detector } = setup({ consecutive5xxErrors: 1, intervalMs: 1_000, baseEjectionTimeMs: 10_000 });
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1))).toBe(10_000);
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1))).toBe(20_000);
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1))).toBe(30_000);
    expect(detector.ejections(address(1))).toBe(3);
  });

  it('lets the multiplier decay by one per interval the endpoint stays in service', () => {
    const { detector } = setup({ consecutive5xxErrors: 1, intervalMs: 1_000, baseEjectionTimeMs: 10_000 });
    detector.report(address(1), 503);
    ejectedFor(detector, address(1));
    detector.report(address(1), 503);
    ejectedFor(detector, address(1)); // multiplier 2
    // Two sweeps at least an interval after its return: back to 0, the next ejection is 10 s again.
    vi.advanceTimersByTime(3_000);
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1))).toBe(10_000);
  });

  it('caps the ejection time at 300 s (Envoy’s default max_ejection_time)', () => {
    const { detector } = setup({ consecutive5xxErrors: 1, intervalMs: 10_000, baseEjectionTimeMs: 200_000 });
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1), 10_000)).toBe(200_000);
    detector.report(address(1), 503);
    expect(ejectedFor(detector, address(1), 10_000)).toBe(300_000);
  });

  it('counts connect failures and resets as 503 and timeouts as 504', () => {
    const { detector } = setup({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 3 }, 4);
    detector.report(address(1), 'connect-failure');
    detector.report(address(1), 'reset');
    detector.report(address(1), 'timeout');
    expect(detector.isEjected(address(1))).toBe(true);
  });

  it('a non-error response starts the count over', () => {
    const { detector } = setup({ consecutive5xxErrors: 3 });
    for (const status of [500, 500, 200, 500, 500]) detector.report(address(1), status);
    expect(detector.isEjected(address(1))).toBe(false);
    detector.report(address(1), 500);
    expect(detector.isEjected(address(1))).toBe(true);
  });

  it('counts only 502, 503 and 504 as gateway errors; another 5xx resets that count', async () => {
    const { detector, stat } = setup({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 2 });
    for (const status of [502, 500, 503]) detector.report(address(1), status);
    expect(detector.isEjected(address(1))).toBe(false);
    detector.report(address(1), 504);
    expect(detector.isEjected(address(1))).toBe(true);
    expect(await stat('ejections_enforced_consecutive_gateway_failure')).toBe(1);
    expect(await stat('ejections_enforced_consecutive_5xx')).toBe(0);
  });

  it('ejects nothing when one more ejection would exceed maxEjectionPercent (10% of 3 hosts)', async () => {
    const { detector, stat } = setup({ consecutive5xxErrors: 1, maxEjectionPercent: 10 }, 3);
    detector.report(address(1), 503);
    expect(detector.isEjected(address(1))).toBe(false);
    expect(await stat('ejections_overflow')).toBe(1);
    expect(await stat('ejections_detected_consecutive_5xx')).toBe(1);
  });

  it('allows ejections up to maxEjectionPercent of the hosts', () => {
    const { detector } = setup({ consecutive5xxErrors: 1, maxEjectionPercent: 50 }, 2);
    detector.report(address(1), 503);
    detector.report(address(2), 503);
    expect(detector.isEjected(address(1))).toBe(true);
    expect(detector.isEjected(address(2))).toBe(false);
  });

  it('exposes enforced ejections and the ejected hosts now', async () => {
    const { detector, stat } = setup(
      { consecutive5xxErrors: 1, intervalMs: 1_000, baseEjectionTimeMs: 5_000 },
      3,
    );
    detector.report(address(1), 503);
    detector.report(address(2), 503);
    expect(await stat('ejections_active')).toBe(2);
    expect(await stat('ejections_enforced_total')).toBe(2);
    expect(await stat('ejections_enforced_consecutive_5xx')).toBe(2);
    vi.advanceTimersByTime(6_000);
    expect(await stat('ejections_active')).toBe(0);
  });

  it('forgets an endpoint that leaves the cluster, ejected or not', async () => {
    const { detector, stat } = setup({ consecutive5xxErrors: 1 }, 3);
    detector.report(address(1), 503);
    detector.setHosts([address(2), address(3)]);
    expect(await stat('ejections_active')).toBe(0);
    detector.setHosts([address(1), address(2), address(3)]);
    expect(detector.isEjected(address(1))).toBe(false);
  });

  it('stops its sweep and returns every endpoint when stopped', () => {
    const { detector, lb } = setup({ consecutive5xxErrors: 1 });
    detector.report(address(1), 503);
    detector.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(picked(lb).size).toBe(2);
  });
});
