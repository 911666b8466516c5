/**
 * The console API over real HTTP, mounted on the server's route list as `main.ts` mounts it:
 * Kiali's parameters checked with one error body, services' errors mapped to statuses, Prometheus
 * failures (through the real client) answered with the status of the client's table and the URL
 * tried, and every other route of the server still answering.
 */
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import { clustersHealthSchema } from '@meshlens/mesh-core/health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../adapters/prometheus/client/index.ts';
import type { FakeAnswer } from '../../adapters/prometheus/client/testing/fake-prometheus.ts';
import { startFakePrometheus, success } from '../../adapters/prometheus/client/testing/fake-prometheus.ts';
import { freePort } from '../../net/free-port.ts';
import type { Route, RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import { errorBodySchema } from '../errors.ts';
import { createConsole } from '../index.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { bookinfoMeshState, peer, requestSample } from '../testing/bookinfo-mesh.ts';

/** An hour from now: the test mesh's namespaces, created now, existed for the whole range. */
const NOW = Math.floor(Date.now() / 1000) + 3600;

/** A route of the server that is not the console's, to see requests still reach it. */
const otherRoute: Route = (req, res) => {
  if (req.url !== '/api/config/objects') return false;
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  return true;
};

async function get(base: string, path: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.json() };
}

describe('console API over HTTP', () => {
  let mesh: MeshState;
  let server: RouteServer;
  const prometheus = new FakePrometheusApi((q) =>
    q.includes('reporter="destination"')
      ? [
          requestSample({
            reporter: 'destination',
            from: peer('reviews-v2'),
            to: peer('ratings-v1'),
            rate: 2,
          }),
        ]
      : undefined,
  );

  beforeAll(async () => {
    mesh = await bookinfoMeshState();
    const route = createConsole({
      prometheus,
      mesh: { read: () => Promise.resolve(mesh) },
      nowSec: () => NOW,
    });
    server = await serveRoutes('127.0.0.1', 0, [otherRoute, route]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a namespace graph as Kiali’s JSON, at the default query time', async () => {
    const { status, body } = await get(
      server.url,
      '/api/namespaces/graph?namespaces=default&graphType=versionedApp',
    );
    expect(status).toBe(200);
    const graph = graphJsonSchema.parse(body);
    expect(graph).toMatchObject({ timestamp: NOW, duration: 600, graphType: 'versionedApp' });
    expect(graph.elements.edges.map((e) => e.data.traffic.rates?.http)).toContain('2.00');
  });

  it('answers cluster health for the namespaces asked', async () => {
    const { status, body } = await get(
      server.url,
      '/api/clusters/health?namespaces=default&type=workload&rateInterval=5m',
    );
    expect(status).toBe(200);
    expect(Object.keys(clustersHealthSchema.parse(body).namespaceWorkloadHealth ?? {})).toEqual(['default']);
    expect(prometheus.calls.at(-1)?.query).toContain('[300s]');
  });

  it.each([
    [
      '/api/namespaces/graph',
      'namespaces',
      'At least one namespace must be specified via the namespaces query parameter.',
    ],
    ['/api/namespaces/graph?namespaces=default&graphType=tree', 'graphType', 'Invalid graphType [tree]'],
    ['/api/namespaces/graph?namespaces=default&duration=10', 'duration', 'Invalid duration [10]'],
    [
      '/api/namespaces/graph?namespaces=default&queryTime=yesterday',
      'queryTime',
      'Invalid queryTime [yesterday]',
    ],
    ['/api/namespaces/graph?namespaces=default&boxBy=pod', 'boxBy', 'Invalid boxBy [pod]'],
    [
      '/api/namespaces/graph?namespaces=default&includeIdleEdges=maybe',
      'includeIdleEdges',
      'Invalid includeIdleEdges [maybe]',
    ],
    ['/api/namespaces/graph?namespaces=default&rateHttp=sent', 'rateHttp', 'Invalid HTTP Rate [sent]'],
    [
      '/api/namespaces/graph?namespaces=default&appenders=deadNode,bogus',
      'appenders',
      'Invalid appender [bogus]',
    ],
    [
      '/api/namespaces/graph?namespaces=default&graphType=tree&duration=x',
      'graphType',
      'Invalid graphType [tree]; Invalid duration [x]',
    ],
    [
      '/api/clusters/health?namespaces=default&type=pod',
      'type',
      "Bad request, query parameter 'type' must be one of ['app','service','workload']",
    ],
    [
      '/api/clusters/health?namespaces=default&rateInterval=often',
      'rateInterval',
      'Invalid rateInterval [often]',
    ],
    ['/api/clusters/health?queryTime=1.5', 'queryTime', 'Invalid queryTime [1.5]'],
  ])('GET %s → 400 naming %s', async (path, param, message) => {
    const { status, body } = await get(server.url, path);
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body)).toEqual({ error: message, reason: 'input', param });
  });

  it.each([
    [
      '/api/namespaces/graph?namespaces=nope',
      { error: 'Namespace [nope] does not exist.', reason: 'not-found', param: 'namespaces' },
    ],
    [
      '/api/clusters/health?namespaces=default,nope',
      { error: 'Namespace [nope] does not exist.', reason: 'not-found', param: 'namespaces' },
    ],
    [
      '/api/namespaces/default/pods',
      { error: 'no such endpoint: GET /api/namespaces/default/pods', reason: 'not-found' },
    ],
  ])('GET %s → 404', async (path, expected) => {
    expect(await get(server.url, path)).toEqual({ status: 404, body: expected });
  });

  it('leaves every other path to the server’s other routes', async () => {
    expect(await get(server.url, '/api/config/objects')).toEqual({ status: 200, body: { items: [] } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await get(server.url, '/api/namespacesx')).status).toBe(404);
  });
});

describe('console API when Prometheus fails', () => {
  let mesh: MeshState;
  beforeAll(async () => {
    mesh = await bookinfoMeshState();
  });

  async function graphWith(prometheusUrl: string): Promise<{ status: number; body: unknown }> {
    const prometheus = new PrometheusClient({ url: prometheusUrl, timeoutMs: 2_000, cacheTtlMs: 0 });
    const route = createConsole({
      prometheus,
      mesh: { read: () => Promise.resolve(mesh) },
      nowSec: () => NOW,
    });
    const server = await serveRoutes('127.0.0.1', 0, [route]);
    try {
      return await get(server.url, '/api/namespaces/graph?namespaces=default');
    } finally {
      await server.close();
    }
  }

  it('answers 503 naming the URL when Prometheus is unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { status, body } = await graphWith(url);
    expect(status).toBe(503);
    const error = errorBodySchema.parse(body);
    expect(error.reason).toBe('unavailable');
    expect(error.error).toContain(`Prometheus at ${url} is unreachable`);
  });

  it.each<[string, FakeAnswer, number, string]>([
    ['overloaded', { status: 503, body: 'too busy' }, 503, 'unavailable'],
    [
      'a query it cannot evaluate',
      { status: 422, body: { status: 'error', errorType: 'execution', error: 'many-to-many' } },
      422,
      'unprocessable',
    ],
    [
      'a query it does not parse',
      { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } },
      400,
      'input',
    ],
    ['something that is not its API', success({ resultType: 'vector', result: 'nonsense' }), 502, 'upstream'],
  ])('answers %s with %d', async (_name, answer, status, reason) => {
    const fake = await startFakePrometheus(() => answer);
    try {
      const result = await graphWith(fake.url);
      expect(result.status).toBe(status);
      const error = errorBodySchema.parse(result.body);
      expect(error.reason).toBe(reason);
      expect(error.error).toContain(fake.url);
    } finally {
      await fake.close();
    }
  });
});
