/**
 * A VirtualService `corsPolicy` through real sidecars, as Envoy's CORS filter applies it
 * (source/extensions/filters/http/cors/cors_filter.cc): the client's proxy answers a preflight
 * from an allowed origin itself, adds the CORS response headers to the app's answers for that
 * origin, and passes anything from another origin through untouched. Istio joins the lists with
 * "," and turns `maxAge` into seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingHttpHeaders } from 'node:http';
import { MeshHarness } from './testing/mesh-harness.ts';
import { deployment, service } from './testing/yaml.ts';

const cors = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts:
  - web
  http:
  - route:
    - destination:
        host: web
    corsPolicy:
      allowOrigins:
      - exact: https://example.com
      allowMethods:
      - POST
      - GET
      allowHeaders:
      - X-Foo-Bar
      exposeHeaders:
      - X-Expose
      maxAge: "24h"
      allowCredentials: false
`;

const corsHeaders = (headers: IncomingHttpHeaders): string[] =>
  Object.keys(headers).filter((h) => h.startsWith('access-control-'));

describe('a VirtualService corsPolicy', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        service('client') + deployment('client-v1', 'client', 'v1'),
        service('web') + deployment('web-v1', 'web', 'v1'),
        cors,
      ],
      [{ workload: 'client-v1' }, { workload: 'web-v1' }],
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  const seenByWeb = (method: string, path: string) =>
    (mesh.member('web-v1').app?.seen ?? []).filter((s) => s.method === method && s.path === path);

  it('answers a preflight from an allowed origin in the proxy, with the policy’s headers', async () => {
    const r = await mesh.send(
      'client-v1',
      'web:9080',
      '/items/preflight',
      {
        origin: 'https://example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'X-Foo-Bar',
      },
      'OPTIONS',
    );
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.headers.server).toBe('envoy');
    // Envoy echoes the request's origin, and gives the policy's strings as Istio wrote them.
    expect(r.headers['access-control-allow-origin']).toBe('https://example.com');
    expect(r.headers['access-control-allow-methods']).toBe('POST,GET');
    expect(r.headers['access-control-allow-headers']).toBe('X-Foo-Bar');
    expect(r.headers['access-control-max-age']).toBe('86400');
    // The filter's own encode step runs on the reply it sends, and adds expose-headers there too
    // (Envoy's integration test TestRouteConfigSuccess expects it on a preflight). Credentials are
    // not allowed: no access-control-allow-credentials.
    expect(r.headers['access-control-expose-headers']).toBe('X-Expose');
    expect(corsHeaders(r.headers).sort()).toEqual([
      'access-control-allow-headers',
      'access-control-allow-methods',
      'access-control-allow-origin',
      'access-control-expose-headers',
      'access-control-max-age',
    ]);
    expect(seenByWeb('OPTIONS', '/items/preflight')).toEqual([]);
  });

  it('lets an actual request from the allowed origin reach the app and adds the CORS headers to its answer', async () => {
    const r = await mesh.send('client-v1', 'web:9080', '/items/actual', { origin: 'https://example.com' });
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { workload: string }).workload).toBe('web-v1');
    expect(r.headers['access-control-allow-origin']).toBe('https://example.com');
    expect(r.headers['access-control-expose-headers']).toBe('X-Expose');
    expect(corsHeaders(r.headers).sort()).toEqual([
      'access-control-allow-origin',
      'access-control-expose-headers',
    ]);
    expect(seenByWeb('GET', '/items/actual')).toHaveLength(1);
  });

  it('forwards a preflight from another origin to the app and adds no CORS headers', async () => {
    const r = await mesh.send(
      'client-v1',
      'web:9080',
      '/items/elsewhere',
      { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      'OPTIONS',
    );
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { workload: string }).workload).toBe('web-v1');
    expect(corsHeaders(r.headers)).toEqual([]);
    expect(seenByWeb('OPTIONS', '/items/elsewhere')).toHaveLength(1);
  });

  it('adds no CORS headers to requests from another origin or without one', async () => {
    const other = await mesh.send('client-v1', 'web:9080', '/items/other', {
      origin: 'https://example.com.evil',
    });
    expect(other.status).toBe(200);
    expect(corsHeaders(other.headers)).toEqual([]);
    const none = await mesh.send('client-v1', 'web:9080', '/items/none');
    expect(none.status).toBe(200);
    expect(corsHeaders(none.headers)).toEqual([]);
  });

  it('forwards an OPTIONS request without Access-Control-Request-Method (not a preflight) to the app', async () => {
    const r = await mesh.send(
      'client-v1',
      'web:9080',
      '/items/options',
      { origin: 'https://example.com' },
      'OPTIONS',
    );
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { workload: string }).workload).toBe('web-v1');
    expect(r.headers['access-control-allow-origin']).toBe('https://example.com');
    expect(seenByWeb('OPTIONS', '/items/options')).toHaveLength(1);
  });
});
