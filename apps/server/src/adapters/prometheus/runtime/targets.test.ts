import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROMETHEUS_TARGETS_PATH, prometheusTargets, serveTargets } from './targets.ts';
import type { ScrapeProxy } from './targets.ts';

const reviewsV1: ScrapeProxy = {
  adminAddress: '127.0.0.1:15000',
  namespace: 'default',
  pod: 'reviews-v1-0',
  workload: 'reviews-v1',
  labels: { app: 'reviews', version: 'v1', 'security.istio.io/tlsMode': 'istio' },
  kind: 'sidecar',
};
const gateway: ScrapeProxy = {
  adminAddress: '127.0.0.1:15001',
  namespace: 'istio-system',
  pod: 'istio-ingressgateway-0',
  workload: 'istio-ingressgateway',
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  kind: 'gateway',
};

describe('prometheusTargets', () => {
  it('gives each proxy a target group with the labels of Istio’s kubernetes-pods job', () => {
    expect(prometheusTargets([reviewsV1])).toEqual([
      {
        targets: ['127.0.0.1:15000'],
        labels: {
          app: 'reviews',
          version: 'v1',
          security_istio_io_tlsMode: 'istio',
          namespace: 'default',
          pod: 'reviews-v1-0',
          workload: 'reviews-v1',
          __metrics_path__: '/stats/prometheus',
          __meta_meshlens_proxy_kind: 'sidecar',
        },
      },
    ]);
  });

  it('orders groups by namespace and pod, whatever the order of the proxies', () => {
    const pods = prometheusTargets([gateway, { ...reviewsV1, pod: 'reviews-v1-1' }, reviewsV1]).map(
      (g) => g.labels['pod'],
    );
    expect(pods).toEqual(['reviews-v1-0', 'reviews-v1-1', 'istio-ingressgateway-0']);
  });

  it.each([
    ['namespace', { namespace: 'other' }, 'namespace', 'default'],
    ['pod', { pod: 'other' }, 'pod', 'reviews-v1-0'],
    ['job', { job: 'other' }, 'job', undefined],
    ['instance', { instance: 'other' }, 'instance', undefined],
    ['reserved __ names', { __address__: 'evil:1' }, '__address__', undefined],
    ['names invalid after sanitizing', { '1.example.com/x': 'y' }, '1_example_com_x', undefined],
  ])('does not let a pod label named like %s replace the target’s own', (_, labels, name, expected) => {
    const [group] = prometheusTargets([{ ...reviewsV1, labels }]);
    expect(group?.labels[name]).toBe(expected);
  });

  it.each(['http://127.0.0.1:15000', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:99999', 'host:1/stats', ''])(
    'refuses the admin address %j, naming the proxy',
    (adminAddress) => {
      expect(() => prometheusTargets([{ ...reviewsV1, adminAddress }])).toThrow(
        /proxy default\/reviews-v1-0: adminAddress .* is not host:port/,
      );
    },
  );

  it('accepts host names and bracketed IPv6 addresses', () => {
    const groups = prometheusTargets([
      { ...reviewsV1, adminAddress: 'reviews-v1-0.default:15000' },
      { ...gateway, adminAddress: '[::1]:15001' },
    ]);
    expect(groups.map((g) => g.targets[0])).toEqual(['reviews-v1-0.default:15000', '[::1]:15001']);
  });
});

describe('serveTargets', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const closing = server;
    server = undefined;
    if (closing) await new Promise((r) => closing.close(r));
  });

  async function serve(getProxies: () => readonly ScrapeProxy[] | Promise<readonly ScrapeProxy[]>) {
    const handle = serveTargets(getProxies);
    server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(404).end('not mine');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers GET with the current document as JSON, asking for the proxies on each request', async () => {
    let proxies: ScrapeProxy[] = [reviewsV1];
    const base = await serve(() => proxies);
    const first = await fetch(base + PROMETHEUS_TARGETS_PATH);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual(prometheusTargets([reviewsV1]));
    proxies = [reviewsV1, gateway];
    const second = await fetch(`${base}${PROMETHEUS_TARGETS_PATH}?ignored=1`);
    expect(await second.json()).toHaveLength(2);
  });

  it('answers an empty list when there are no proxies', async () => {
    const base = await serve(() => Promise.resolve([]));
    expect(await (await fetch(base + PROMETHEUS_TARGETS_PATH)).json()).toEqual([]);
  });

  it('leaves other paths to the next handler', async () => {
    const base = await serve(() => [reviewsV1]);
    const response = await fetch(`${base}/v1/prometheus/targets/extra`);
    expect([response.status, await response.text()]).toEqual([404, 'not mine']);
  });

  it('refuses other methods with 405 and Allow: GET', async () => {
    const base = await serve(() => [reviewsV1]);
    const response = await fetch(base + PROMETHEUS_TARGETS_PATH, { method: 'POST', body: '[]' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({
      error: `POST not allowed on ${PROMETHEUS_TARGETS_PATH}: use GET`,
    });
  });

  it('answers 500 with the reason when the proxies cannot be listed or described', async () => {
    const failing = await serve(() => Promise.reject(new Error('registry closed')));
    const response = await fetch(failing + PROMETHEUS_TARGETS_PATH);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'listing scrape targets failed: registry closed' });
  });
});
