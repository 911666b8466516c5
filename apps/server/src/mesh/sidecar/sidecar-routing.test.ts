/**
 * The proxy as users meet it: real `meshlens sidecar` processes on loopback in front of real test
 * apps, configured from Istio's Bookinfo samples and VirtualServices written as users write them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { deployment, service } from './testing/yaml.ts';

const bookinfoDir = fileURLToPath(new URL('../../../../../third_party/istio/bookinfo/', import.meta.url));
const bookinfo = (file: string): string => readFileSync(`${bookinfoDir}${file}`, 'utf8');

const workloadOf = (body: string): string => (JSON.parse(body) as { workload: string }).workload;

describe('Bookinfo reviews-test-v2 through real sidecars', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        bookinfo('platform/bookinfo.yaml'),
        bookinfo('networking/destination-rule-all.yaml'),
        bookinfo('networking/virtual-service-reviews-test-v2.yaml'),
      ],
      [{ workload: 'productpage-v1' }, { workload: 'reviews-v1' }, { workload: 'reviews-v2' }],
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('sends end-user jason to reviews v2 and everyone else to v1', async () => {
    for (let i = 0; i < 10; i++) {
      const jason = await mesh.send('productpage-v1', 'reviews:9080', '/reviews/0', { 'end-user': 'jason' });
      expect(jason.status).toBe(200);
      expect(workloadOf(jason.body)).toBe('reviews-v2');
      const other = await mesh.send('productpage-v1', 'reviews:9080', '/reviews/0', { 'end-user': 'mary' });
      expect(workloadOf(other.body)).toBe('reviews-v1');
      const anonymous = await mesh.send('productpage-v1', 'reviews:9080', '/reviews/0');
      expect(workloadOf(anonymous.body)).toBe('reviews-v1');
    }
  });

  it.each([
    'reviews:9080',
    'reviews.default:9080',
    'reviews.default.svc:9080',
    'reviews.default.svc.cluster.local:9080',
  ])('resolves the authority %s as Istio does', async (authority) => {
    const r = await mesh.send('productpage-v1', authority, '/reviews/1', { 'end-user': 'jason' });
    expect(r.status).toBe(200);
    expect(workloadOf(r.body)).toBe('reviews-v2');
  });

  it('routes an HTTP_PROXY request (absolute-form URI) by its authority', async () => {
    const { httpRequest } = await import('./testing/mesh-harness.ts');
    const r = await httpRequest(mesh.member('productpage-v1').outboundPort, 'http://reviews:9080/reviews/2', {
      host: 'reviews:9080',
      'end-user': 'jason',
    });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body) as { path: string; headers: Record<string, string> };
    expect(seen.path).toBe('/reviews/2');
    expect(seen.headers.host).toBe('reviews:9080');
  });

  it('adds Envoy headers: x-request-id to the app, upstream service time and server on the response', async () => {
    const r = await mesh.send('productpage-v1', 'reviews:9080', '/');
    const seen = JSON.parse(r.body) as { headers: Record<string, string> };
    expect(seen.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(r.headers['x-envoy-upstream-service-time']).toMatch(/^\d+$/);
    expect(r.headers.server).toBe('envoy');
    // A request id the client sets is kept end to end.
    const kept = await mesh.send('productpage-v1', 'reviews:9080', '/', { 'x-request-id': 'abc-123' });
    expect((JSON.parse(kept.body) as { headers: Record<string, string> }).headers['x-request-id']).toBe(
      'abc-123',
    );
  });

  it('exchanges peer metadata between the sidecars and hides it from both apps', async () => {
    const r = await mesh.send('productpage-v1', 'reviews:9080', '/');
    const seen = JSON.parse(r.body) as { headers: Record<string, string> };
    expect(seen.headers['x-envoy-peer-metadata']).toBeUndefined();
    expect(seen.headers['x-envoy-peer-metadata-id']).toBeUndefined();
    expect(r.headers['x-envoy-peer-metadata']).toBeUndefined();
    expect(r.headers['x-envoy-peer-metadata-id']).toBeUndefined();
  });

  it('forwards a host outside the registry to its own address under ALLOW_ANY (PassthroughCluster)', async () => {
    // ALLOW_ANY (the default): an unknown host goes to the address its authority names.
    const outside = mesh.member('reviews-v1').app;
    const r = await mesh.send('productpage-v1', `127.0.0.1:${outside?.port ?? 0}`, '/outside');
    expect(r.status).toBe(200);
    expect(workloadOf(r.body)).toBe('reviews-v1');
  });
});

describe('a 75/25 weighted route', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        service('client') + deployment('client-v1', 'client', 'v1'),
        service('web') + deployment('web-v1', 'web', 'v1') + deployment('web-v2', 'web', 'v2'),
        `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - route:
    - destination: {host: web, subset: v1}
      weight: 75
    - destination: {host: web, subset: v2}
      weight: 25
`,
      ],
      [{ workload: 'client-v1' }, { workload: 'web-v1' }, { workload: 'web-v2' }],
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('converges within ±5 points over 2,000 requests', async () => {
    const counts = { 'web-v1': 0, 'web-v2': 0 } as Record<string, number>;
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => mesh.send('client-v1', 'web:9080', '/')),
      );
      for (const r of results) {
        expect(r.status).toBe(200);
        const w = workloadOf(r.body);
        counts[w] = (counts[w] ?? 0) + 1;
      }
    }
    const v1 = ((counts['web-v1'] ?? 0) / 2000) * 100;
    expect(v1).toBeGreaterThanOrEqual(70);
    expect(v1).toBeLessThanOrEqual(80);
    expect((counts['web-v1'] ?? 0) + (counts['web-v2'] ?? 0)).toBe(2000);
  });
});
