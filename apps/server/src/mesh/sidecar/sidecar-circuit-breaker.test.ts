/**
 * Circuit breaking through real sidecars, as Istio's circuit-breaking task shows it: with one
 * connection, one pending request and one request per connection, concurrent clients overflow;
 * the overflowing calls get 503 with `x-envoy-overloaded: true` and flag UO, the others 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { parseSamples } from './testing/prometheus-text.ts';
import { takeOverApp } from './testing/scripted-app.ts';
import { deployment, service } from './testing/yaml.ts';

const yaml = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('httpbin') + deployment('httpbin-v1', 'httpbin', 'v1'),
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: httpbin}
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 1}
      http: {http1MaxPendingRequests: 1, maxRequestsPerConnection: 1}
`,
];

describe('circuit breaking through real sidecars', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(yaml, [{ workload: 'client-v1' }, { workload: 'httpbin-v1' }]);
    await takeOverApp(mesh.member('httpbin-v1'), (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }, 20);
    });
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('3 concurrent clients × 30 requests: some 503 UO with x-envoy-overloaded, the rest 200', async () => {
    const results: Array<{ status: number; overloaded: unknown; body: string }> = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let i = 0; i < 30; i++) {
          const r = await mesh.send('client-v1', 'httpbin:9080', '/get');
          results.push({ status: r.status, overloaded: r.headers['x-envoy-overloaded'], body: r.body });
        }
      }),
    );
    const overflowed = results.filter((r) => r.status === 503);
    const ok = results.filter((r) => r.status === 200);
    expect(overflowed.length + ok.length).toBe(90);
    expect(overflowed.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of overflowed) {
      expect(r.overloaded).toBe('true');
      expect(r.body).toBe(
        'upstream connect error or disconnect/reset before headers. reset reason: overflow',
      );
    }
    const text = await (await fetch(`${mesh.member('client-v1').sidecar.adminUrl}/stats/prometheus`)).text();
    const samples = parseSamples(text);
    const uo = samples
      .filter(
        (s) =>
          s.name === 'istio_requests_total' &&
          s.labels.destination_service_name === 'httpbin' &&
          s.labels.response_flags === 'UO',
      )
      .reduce((n, s) => n + s.value, 0);
    expect(uo).toBe(overflowed.length);
    const pending = samples.find(
      (s) =>
        s.name === 'envoy_cluster_upstream_rq_pending_overflow' &&
        s.labels.cluster_name === 'outbound|9080||httpbin.default.svc.cluster.local',
    );
    expect(pending?.value).toBe(overflowed.length);
  }, 60_000);
});
