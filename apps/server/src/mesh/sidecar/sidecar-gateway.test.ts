/**
 * The same program in gateway mode: Istio's Bookinfo Gateway and its VirtualService, served by a
 * real `meshlens sidecar` process whose snapshot is the ingress gateway's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, MeshHarness } from './testing/mesh-harness.ts';
import { freePort } from './testing/processes.ts';
import { parseSamples } from './testing/prometheus-text.ts';
import { INGRESS_GATEWAY_YAML } from '../platform/demo.ts';

const bookinfoDir = fileURLToPath(new URL('../../../../../third_party/istio/bookinfo/', import.meta.url));
const bookinfo = (file: string): string => readFileSync(`${bookinfoDir}${file}`, 'utf8');

const ingressGateway = INGRESS_GATEWAY_YAML;

describe('ingress gateway with Bookinfo', () => {
  let mesh: MeshHarness;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    mesh = await MeshHarness.start(
      [bookinfo('platform/bookinfo.yaml'), bookinfo('networking/bookinfo-gateway.yaml'), ingressGateway],
      [
        { workload: 'istio-ingressgateway', namespace: 'istio-system', gateway: true },
        { workload: 'productpage-v1' },
      ],
      { portOffset: port - 8080 },
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('serves the paths of the bookinfo VirtualService on the Gateway port, for any host', async () => {
    const r = await httpRequest(port, '/productpage', { host: 'bookinfo.example.com' });
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { workload: string }).workload).toBe('productpage-v1');
    expect(r.headers.server).toBe('istio-envoy');
    const api = await httpRequest(port, '/api/v1/products/1', { host: '192.0.2.1' });
    expect(api.status).toBe(200);
  });

  it('answers 404 for a path the VirtualService does not route', async () => {
    const r = await httpRequest(port, '/admin', { host: 'bookinfo.example.com' });
    expect(r.status).toBe(404);
  });

  it('appends the client address to x-forwarded-for, as an edge proxy does', async () => {
    const r = await httpRequest(port, '/productpage', {
      host: 'bookinfo.example.com',
      'x-forwarded-for': '203.0.113.9',
    });
    const seen = JSON.parse(r.body) as { headers: Record<string, string> };
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
  });

  it('reports its requests as reporter="source" with the gateway as source workload', async () => {
    await httpRequest(port, '/productpage', { host: 'bookinfo.example.com' });
    const text = await (
      await fetch(`${mesh.member('istio-ingressgateway', 'istio-system').sidecar.adminUrl}/stats/prometheus`)
    ).text();
    const sample = parseSamples(text).find(
      (s) => s.name === 'istio_requests_total' && s.labels.destination_workload === 'productpage-v1',
    );
    expect(sample?.labels).toMatchObject({
      reporter: 'source',
      source_workload: 'istio-ingressgateway',
      source_workload_namespace: 'istio-system',
      source_app: 'istio-ingressgateway',
      destination_service: 'productpage.default.svc.cluster.local',
      response_code: '200',
    });
  });
  it('opens the port of a Gateway added later and matches its wildcard hosts', async () => {
    const shop = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop-gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 9090, name: http-shop, protocol: HTTP}
    hosts: ["*.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: default}
spec:
  hosts: ["*.shop.example.com"]
  gateways: [shop-gateway]
  http:
  - route: [{destination: {host: productpage, port: {number: 9080}}}]
`;
    await mesh.reconfigure([
      bookinfo('platform/bookinfo.yaml'),
      bookinfo('networking/bookinfo-gateway.yaml'),
      ingressGateway,
      shop,
    ]);
    const shopPort = port - 8080 + 9090;
    const hit = await httpRequest(shopPort, '/cart', { host: 'eu.shop.example.com' });
    expect(hit.status).toBe(200);
    expect((JSON.parse(hit.body) as { path: string }).path).toBe('/cart');
    expect((await httpRequest(shopPort, '/cart', { host: 'www.example.com' })).status).toBe(404);
    expect((await httpRequest(shopPort, '/cart', { host: 'shop.example.org' })).status).toBe(404);
    // The first Gateway's port still serves its own routes.
    expect((await httpRequest(port, '/productpage', { host: 'eu.shop.example.com' })).status).toBe(200);
  });
});
