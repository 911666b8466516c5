/**
 * Outlier detection through real sidecars: with `consecutive5xxErrors: 1` the instance that fails
 * is ejected at once for `baseEjectionTime`, the next ejection lasts twice as long, and while it
 * is out the client's sidecar sends it nothing and lists it as failed_outlier_check on /clusters.
 * `interval: 1s` bounds how late an ejection ends (Envoy un-ejects on the interval's sweep).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { takeOverApp } from './testing/scripted-app.ts';
import { deployment, service } from './testing/yaml.ts';

const yaml = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('rating') + deployment('rating-v1', 'rating', 'v1') + deployment('rating-v2', 'rating', 'v2'),
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rating}
spec:
  host: rating
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 10s, maxEjectionPercent: 50}
`,
];

const cluster = 'outbound|9080||rating.default.svc.cluster.local';

describe('outlier detection through real sidecars', () => {
  let mesh: MeshHarness;
  const failures: number[] = [];
  let brokenAddress = '';

  beforeAll(async () => {
    mesh = await MeshHarness.start(yaml, [
      { workload: 'client-v1' },
      { workload: 'rating-v1' },
      { workload: 'rating-v2' },
    ]);
    brokenAddress = `127.0.0.1:${mesh.member('rating-v2').inboundPort}`;
    await takeOverApp(mesh.member('rating-v2'), (_req, res) => {
      failures.push(Date.now());
      res.writeHead(503);
      res.end('misbehaving');
    });
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('ejects the failing instance for 10 s after its first 503, then for 20 s after the next', async () => {
    const clustersDuringEjection: string[] = [];
    const until = Date.now() + 34_000;
    let failed = 0;
    while (Date.now() < until && failures.length < 3) {
      const r = await mesh.send('client-v1', 'rating:9080', '/');
      if (r.status !== 200) failed++;
      if (
        failures.length === 1 &&
        clustersDuringEjection.length === 0 &&
        Date.now() - (failures[0] ?? 0) > 2000
      )
        clustersDuringEjection.push(
          await (await fetch(`${mesh.member('client-v1').sidecar.adminUrl}/clusters`)).text(),
        );
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(failures.length).toBe(3);
    // One failed call per ejection: every other call went to the healthy instance.
    expect(failed).toBe(3);
    const [first = 0, second = 0, third = 0] = failures;
    expect(second - first).toBeGreaterThanOrEqual(10_000);
    expect(second - first).toBeLessThan(12_500);
    expect(third - second).toBeGreaterThanOrEqual(20_000);
    expect(third - second).toBeLessThan(22_500);
    expect(clustersDuringEjection[0]).toContain(
      `${cluster}::${brokenAddress}::health_flags::/failed_outlier_check`,
    );
  }, 60_000);
});
