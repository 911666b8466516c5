/**
 * Envoy's local replies, redirects, direct responses, rewrites and header operations, as a client
 * of real sidecar processes sees them: status, body, headers, and the response flags in the
 * access log and metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { deployment, service } from './testing/yaml.ts';

const routes = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  subsets:
  - {name: v1, labels: {version: v1}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - name: moved
    match: [{uri: {exact: /old}}]
    redirect: {uri: /new, authority: web.example.com, redirectCode: 302}
  - name: teapot
    match: [{uri: {prefix: /health}}]
    directResponse: {status: 418, body: {string: short and stout}}
    headers:
      response: {set: {x-teapot: "yes"}}
  - name: rewritten
    match: [{uri: {prefix: /v1/api}}]
    rewrite: {uri: /api}
    headers:
      request: {set: {x-route: rewritten}, remove: [x-secret]}
      response: {add: {x-served-by: meshlens}}
    route: [{destination: {host: web, subset: v1}}]
  - name: missing-subset
    match: [{uri: {prefix: /missing}}]
    route: [{destination: {host: web, subset: v9}}]
  - name: api
    match: [{uri: {prefix: /api}, method: {exact: GET}}, {headers: {x-api: {exact: "1"}}}]
    route: [{destination: {host: web}}]
`;

describe('local replies and route actions through real sidecars', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        service('client') + deployment('client-v1', 'client', 'v1'),
        service('web') + deployment('web-v1', 'web', 'v1'),
        // `idle` has a Deployment no platform runs here: its endpoint has no address.
        service('idle') + deployment('idle-v1', 'idle', 'v1'),
        service('down') + deployment('down-v1', 'down', 'v1'),
        routes,
      ],
      [{ workload: 'client-v1' }, { workload: 'web-v1' }, { workload: 'down-v1' }],
    );
    // down-v1's sidecar runs, its app does not: connections to it are refused.
    await mesh.member('down-v1').app?.close();
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('answers 404 with an empty body (NR) when no rule of the VirtualService matches', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/elsewhere');
    expect(r.status).toBe(404);
    expect(r.body).toBe('');
    expect(r.headers.server).toBe('envoy');
    const post = await mesh.send('client-v1', 'web:9080', '/api/items', {}, 'POST');
    expect(post.status).toBe(404);
    // Match blocks are OR'ed: the header block alone is enough.
    const byHeader = await mesh.send('client-v1', 'web:9080', '/other', { 'x-api': '1' }, 'POST');
    expect(byHeader.status).toBe(200);
  });

  it('answers 503 with an empty body (NC) when the route names a subset no DestinationRule defines', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/missing');
    expect(r.status).toBe(503);
    expect(r.body).toBe('');
  });

  it('answers 503 no healthy upstream (UH) when the service has no endpoint to send to', async () => {
    const r = await mesh.send('client-v1', 'idle:9080', '/');
    expect(r.status).toBe(503);
    expect(r.body).toBe('no healthy upstream');
    expect(r.headers['content-type']).toBe('text/plain');
  });

  it("answers 503 with Envoy's connect-failure body (UF) when the app refuses the connection", async () => {
    const r = await mesh.send('client-v1', 'down:9080', '/');
    expect(r.status).toBe(503);
    // The server's sidecar retried twice first: Istio's inbound routes retry reset-before-request.
    expect(r.body).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: ' +
        'remote connection failure, transport failure reason: delayed connect error: Connection refused',
    );
  });

  it('redirects with the code, path and authority the rule gives', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/old?page=2');
    expect(r.status).toBe(302);
    // Envoy's host_redirect replaces the whole authority: the request's port goes with it.
    expect(r.headers.location).toBe('http://web.example.com/new?page=2');
  });

  it('answers a direct response with its status, body and response headers', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/health');
    expect(r.status).toBe(418);
    expect(r.body).toBe('short and stout');
    expect(r.headers['x-teapot']).toBe('yes');
  });

  it('rewrites the path, keeps the original in x-envoy-original-path, and applies header operations', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/v1/api/items?q=1', { 'x-secret': 's3cret' });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body) as { path: string; headers: Record<string, string> };
    expect(seen.path).toBe('/api/items?q=1');
    expect(seen.headers['x-envoy-original-path']).toBe('/v1/api/items?q=1');
    expect(seen.headers['x-route']).toBe('rewritten');
    expect(seen.headers['x-secret']).toBeUndefined();
    expect(r.headers['x-served-by']).toBe('meshlens');
  });

  it('writes each local reply to the access log with its response flags and details', async () => {
    await mesh.send('client-v1', 'web:9080', '/elsewhere', { 'x-request-id': 'nr-check' });
    await mesh.send('client-v1', 'idle:9080', '/', { 'x-request-id': 'uh-check' });
    await mesh.send('client-v1', 'web:9080', '/api/x', { 'x-request-id': 'ok-check' });
    const log = await waitFor(
      () => mesh.member('client-v1').sidecar.stdout(),
      (out) => ['nr-check', 'uh-check', 'ok-check'].every((id) => out.includes(`"${id}"`)),
    );
    const line = (id: string): string => log.split('\n').find((l) => l.includes(`"${id}"`)) ?? '';
    expect(line('nr-check')).toMatch(/"GET \/elsewhere HTTP\/1\.1" 404 NR route_not_found /);
    expect(line('uh-check')).toMatch(/"GET \/ HTTP\/1\.1" 503 UH no_healthy_upstream /);
    expect(line('uh-check')).toContain('outbound|9080||idle.default.svc.cluster.local');
    expect(line('ok-check')).toMatch(/"GET \/api\/x HTTP\/1\.1" 200 - via_upstream /);
  });
});

describe('REGISTRY_ONLY', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        service('client') + deployment('client-v1', 'client', 'v1'),
        service('web') + deployment('web-v1', 'web', 'v1'),
      ],
      [{ workload: 'client-v1' }, { workload: 'web-v1' }],
      { meshOptions: { outboundTrafficPolicy: 'REGISTRY_ONLY' } },
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('answers 502 for a host outside the registry and still serves the services in it', async () => {
    const web = mesh.member('web-v1').app;
    const r = await mesh.send('client-v1', `127.0.0.1:${web?.port ?? 0}`, '/');
    expect(r.status).toBe(502);
    expect(r.body).toBe('');
    expect(web?.seen.some((s) => s.path === '/' && s.headers.host?.startsWith('127.0.0.1'))).toBe(false);
    expect((await mesh.send('client-v1', 'web:9080', '/')).status).toBe(200);
  });
});

async function waitFor(
  read: () => string,
  done: (text: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = read();
  while (!done(text) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    text = read();
  }
  return text;
}
