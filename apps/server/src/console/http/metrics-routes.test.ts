/**
 * The metrics endpoints over real HTTP (an Express app on port 0 of the router, the JSON 404 and
 * the console's error middleware): Kiali's JSON for each kind of object, one error body naming the
 * parameter or object at fault, and an unreachable Prometheus (through the real client) as a 503
 * naming its URL.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../adapters/prometheus/client/index.ts';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { freePort } from '../../net/free-port.ts';
import { errorBodySchema } from '../errors.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { createMetricsService } from '../services/metrics-service.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { FakeRangePrometheus } from '../testing/metrics-fake-prometheus.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createMetricsRouter } from './metrics-routes.ts';

let mesh: MeshState;
let now = 0;

async function serve(
  prometheus: Pick<PrometheusApi, 'queryRange'>,
): Promise<{ url: string; server: Server }> {
  const app = express();
  const metrics = createMetricsService({ prometheus, mesh: { read: () => Promise.resolve(mesh) } });
  app.use(createMetricsRouter({ metrics, nowSec: () => now }));
  app.use(notFoundHandler);
  app.use(consoleErrorHandler());
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function get(base: string, path: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.json() };
}

describe('metrics endpoints over HTTP', () => {
  let base = '';
  let server: Server | undefined;
  const prometheus = new FakeRangePrometheus((q) =>
    q.includes('destination_service_name="reviews"')
      ? [{ metric: { response_code: '200' }, values: [[now, 3]] }]
      : undefined,
  );

  beforeAll(async () => {
    mesh = await bookinfoMeshState();
    now = (mesh.namespaceCreatedSec.get('default') ?? 0) + 3600;
    ({ url: base, server } = await serve(prometheus));
  });
  afterAll(async () => {
    const s = server;
    if (s) await new Promise((r) => s.close(r));
  });

  it('answers a service’s inbound metrics as Kiali’s JSON, ending now by default', async () => {
    const { status, body } = await get(
      base,
      '/api/namespaces/default/services/reviews/metrics?filters[]=request_count&direction=inbound' +
        '&reporter=destination&byLabels[]=response_code',
    );
    expect(status).toBe(200);
    expect(metricsMapSchema.parse(body)).toEqual({
      request_count: [{ labels: { response_code: '200' }, datapoints: [[now, '3']], name: 'request_count' }],
    });
    expect(prometheus.calls.at(-1)?.endSeconds).toBe(now);
  });

  it.each([
    ['/api/namespaces/default/metrics', 'source_workload_namespace="default"'],
    ['/api/namespaces/default/apps/ratings/metrics', 'source_canonical_service="ratings"'],
    ['/api/namespaces/default/workloads/ratings-v1/metrics', 'source_workload="ratings-v1"'],
  ])('answers %s for the object it names', async (path, matcher) => {
    const { status, body } = await get(base, `${path}?filters[]=tcp_opened`);
    expect(status).toBe(200);
    expect(metricsMapSchema.parse(body)).toEqual({ tcp_opened: [] });
    expect(prometheus.calls.at(-1)?.query).toContain(matcher);
  });

  it.each([
    ['?direction=sideways', 'direction'],
    ['?filters[]=request_count&filters[]=latency', 'filters[]'],
    ['?quantiles[]=2', 'quantiles[]'],
    ['?byLabels[]=le)%20or%20up', 'byLabels[]'],
    ['?step=abc', 'step'],
    ['?rateFunc=delta', 'rateFunc'],
  ])('refuses %s with a 400 naming %s', async (query, param) => {
    const { status, body } = await get(base, `/api/namespaces/default/workloads/ratings-v1/metrics${query}`);
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body)).toMatchObject({ reason: 'input', param });
  });

  it('refuses outbound metrics of a service, naming direction', async () => {
    const { status, body } = await get(base, '/api/namespaces/default/services/reviews/metrics');
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body)).toMatchObject({ param: 'direction' });
  });

  it.each([
    ['/api/namespaces/nope/metrics', 'Namespace [nope] does not exist.'],
    ['/api/namespaces/default/apps/nope/metrics', 'App [nope] does not exist in namespace [default].'],
    [
      '/api/namespaces/default/workloads/nope/metrics',
      'Workload [nope] does not exist in namespace [default].',
    ],
  ])('answers 404 for %s', async (path, message) => {
    const { status, body } = await get(base, path);
    expect(status).toBe(404);
    expect(errorBodySchema.parse(body)).toMatchObject({ reason: 'not-found', error: message });
  });

  it('answers the JSON 404 for a path it does not serve', async () => {
    const { status, body } = await get(base, '/api/namespaces/default/apps/reviews/metrix');
    expect(status).toBe(404);
    expect(errorBodySchema.parse(body).error).toContain('no such endpoint');
  });

  it('answers 503 naming the URL when Prometheus is unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await serve(new PrometheusClient({ url, timeoutMs: 2_000 }));
    try {
      const { status, body } = await get(
        unreachable.url,
        '/api/namespaces/default/metrics?filters[]=request_count',
      );
      expect(status).toBe(503);
      expect(errorBodySchema.parse(body).error).toContain(`Prometheus at ${url} is unreachable`);
    } finally {
      await new Promise((r) => unreachable.server.close(r));
    }
  });
});
