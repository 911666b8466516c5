/**
 * Retries through real sidecars, the scenario of the seed article: a service with two instances,
 * the second answering 503 to every call. Without a retry policy (Istio's default retries only
 * connection failures) about half the calls fail; with `retries: {attempts: 2, retryOn: 5xx}` the
 * retry goes to the other instance and every call succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { parseSamples } from './testing/prometheus-text.ts';
import { takeOverApp } from './testing/scripted-app.ts';
import type { ScriptedApp } from './testing/scripted-app.ts';
import { deployment, service } from './testing/yaml.ts';

const base = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('flaky') + deployment('flaky-v1', 'flaky', 'v1') + deployment('flaky-v2', 'flaky', 'v2'),
  service('broken') + deployment('broken-v1', 'broken', 'v1'),
  service('gone') + deployment('gone-v1', 'gone', 'v1'),
];

/**
 * Round robin, as Istio balanced by default when the article was written: the retry's re-pick
 * then always finds the other instance. Under least request (today's default) two instances
 * make the retry land on the failing one again about once in 64 re-picked tries, so a run of 500
 * would fail now and then, as it would with Envoy.
 */
const roundRobin = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: flaky}
spec:
  host: flaky
  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
`;

const retries = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: flaky}
spec:
  hosts: [flaky]
  http:
  - route: [{destination: {host: flaky}}]
    retries: {attempts: 2, perTryTimeout: 5s, retryOn: 5xx}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: broken}
spec:
  hosts: [broken]
  http:
  - route: [{destination: {host: broken}}]
    retries: {attempts: 2, retryOn: 5xx}
`;

interface Attempt {
  readonly requestId: string;
  readonly attempt: string;
}

async function flags(mesh: MeshHarness, workload: string, service: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${mesh.member(workload).sidecar.adminUrl}/stats/prometheus`)).text();
  const out = new Map<string, number>();
  for (const s of parseSamples(text)) {
    if (s.name !== 'istio_requests_total' || s.labels.destination_service_name !== service) continue;
    const key = `${s.labels.response_code ?? ''} ${s.labels.response_flags ?? ''}`;
    out.set(key, (out.get(key) ?? 0) + s.value);
  }
  return out;
}

describe('retries through real sidecars', () => {
  let mesh: MeshHarness;
  let failing: ScriptedApp;
  const failingSaw: Attempt[] = [];
  const brokenSaw: Attempt[] = [];

  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...base, roundRobin],
      [
        { workload: 'client-v1' },
        { workload: 'flaky-v1' },
        { workload: 'flaky-v2' },
        { workload: 'broken-v1' },
        { workload: 'gone-v1' },
      ],
    );
    const record = (into: Attempt[]) => (headers: Record<string, string | string[] | undefined>) =>
      into.push({
        requestId: String(headers['x-request-id']),
        attempt: String(headers['x-envoy-attempt-count']),
      });
    failing = await takeOverApp(mesh.member('flaky-v2'), (req, res) => {
      record(failingSaw)(req.headers);
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('misbehaving');
    });
    await takeOverApp(mesh.member('broken-v1'), (req, res) => {
      record(brokenSaw)(req.headers);
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('broken');
    });
  }, 60_000);
  afterAll(async () => mesh.stop());

  it("without a retry policy about half the calls fail (Istio's default retries only connection failures)", async () => {
    let failed = 0;
    for (let i = 0; i < 200; i++) {
      const r = await mesh.send('client-v1', 'flaky:9080', `/book/${i}`);
      if (r.status === 503) {
        failed++;
        expect(r.body).toBe('misbehaving');
      } else expect(r.status).toBe(200);
    }
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
    // Istio's default policy still sends x-envoy-attempt-count, and the 503 was not retried.
    expect(failingSaw.every((a) => a.attempt === '1')).toBe(true);
  }, 60_000);

  it('with retries: {attempts: 2, retryOn: 5xx} 500 of 500 calls succeed, each retry on the other instance', async () => {
    await mesh.reconfigure([...base, roundRobin, retries]);
    failingSaw.length = 0;
    const healthy = mesh.member('flaky-v1').app;
    const seenBefore = healthy?.seen.length ?? 0;
    let ok = 0;
    for (let i = 0; i < 500; i++) {
      const r = await mesh.send('client-v1', 'flaky:9080', `/book/${i}`);
      if (r.status === 200) ok++;
    }
    expect(ok).toBe(500);
    expect(failingSaw.length).toBeGreaterThan(100);
    // previous_hosts: the retry re-picks to avoid the instance that failed.
    const ids = failingSaw.map((a) => a.requestId);
    const distinct = new Set(ids);
    expect(ids.length).toBe(distinct.size);
    // Every request the broken instance failed was answered by the healthy one on a later try.
    const answered = new Map(
      (healthy?.seen ?? []).slice(seenBefore).map((s) => [String(s.headers['x-request-id']), s.headers]),
    );
    for (const id of distinct) expect(['2', '3']).toContain(answered.get(id)?.['x-envoy-attempt-count']);
  }, 90_000);

  it('when every try fails, the last answer passes through with flag URX after 1 + 2 tries', async () => {
    brokenSaw.length = 0;
    const r = await mesh.send('client-v1', 'broken:9080', '/', { 'x-request-id': 'exhausted-1' });
    expect(r.status).toBe(503);
    expect(r.body).toBe('broken');
    expect(brokenSaw.map((a) => a.attempt)).toEqual(['1', '2', '3']);
    expect((await flags(mesh, 'client-v1', 'broken')).get('503 URX')).toBe(1);
  });

  it("a connection refused on every try ends in Istio's default retries' URX reply", async () => {
    // gone-v1's sidecar stops: connections to its endpoint are refused.
    await mesh.member('gone-v1').sidecar.stop();
    const r = await mesh.send('client-v1', 'gone:9080', '/');
    expect(r.status).toBe(503);
    expect(r.body).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: ' +
        'remote connection failure, transport failure reason: delayed connect error: Connection refused',
    );
    expect((await flags(mesh, 'client-v1', 'gone')).get('503 URX,UF')).toBe(1);
  });

  it('counts retries in Envoy cluster statistics', async () => {
    const text = await (await fetch(`${mesh.member('client-v1').sidecar.adminUrl}/stats/prometheus`)).text();
    const retry = parseSamples(text).find(
      (s) =>
        s.name === 'envoy_cluster_upstream_rq_retry' &&
        s.labels.cluster_name === 'outbound|9080||broken.default.svc.cluster.local',
    );
    expect(retry?.value).toBe(2);
    expect(failing.received.length).toBeGreaterThan(0);
  });
});
