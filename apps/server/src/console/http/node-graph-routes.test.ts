/**
 * Kiali's node-detail graph endpoints over real HTTP: the node's path picks the node, the graph
 * shows its traffic only, and bad paths and parameters are refused naming what is wrong.
 */
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import { errorBodySchema } from '../errors.ts';
import { createConsole } from '../index.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { bookinfoMeshState, peer, requestSample } from '../testing/bookinfo-mesh.ts';

const NOW = Math.floor(Date.now() / 1000) + 3600;

async function get(base: string, path: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.json() };
}

describe('node-detail graph over HTTP', () => {
  let server: RouteServer;
  // ratings-v1's proxy reports what reviews-v2 sent it; nothing else has traffic.
  const prometheus = new FakePrometheusApi((q) =>
    q.includes('reporter="destination"') && q.includes('destination_workload="ratings-v1"')
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
    const mesh = await bookinfoMeshState();
    const route = createConsole({
      prometheus,
      mesh: { read: () => Promise.resolve(mesh) },
      nowSec: () => NOW,
    });
    server = await serveRoutes('127.0.0.1', 0, [route]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('graphs a workload’s callers from its own proxy’s reports', async () => {
    const { status, body } = await get(
      server.url,
      '/api/namespaces/default/workloads/ratings-v1/graph?graphType=workload',
    );
    expect(status).toBe(200);
    const graph = graphJsonSchema.parse(body);
    const names = graph.elements.nodes.map((n) => n.data.workload).filter((w) => w !== undefined && w !== '');
    expect(new Set(names)).toEqual(new Set(['reviews-v2', 'ratings-v1']));
    const http = graph.elements.edges.filter((e) => e.data.traffic.protocol === 'http');
    expect(http.map((e) => e.data.traffic.rates?.http)).toEqual(['2.00']);
  });

  it('shows an app version with no traffic as its one idle node', async () => {
    const { status, body } = await get(
      server.url,
      '/api/namespaces/default/applications/reviews/versions/v3/graph?graphType=versionedApp',
    );
    expect(status).toBe(200);
    const nodes = graphJsonSchema.parse(body).elements.nodes.filter((n) => n.data.nodeType !== 'box');
    expect(nodes.map((n) => [n.data.app, n.data.version, n.data.isIdle])).toEqual([['reviews', 'v3', true]]);
  });

  it.each([
    [
      '/api/namespaces/default/workloads/nope-v1/graph',
      'Workload [nope-v1] does not exist in namespace [default]',
    ],
    ['/api/namespaces/default/services/nope/graph', 'Service [nope] does not exist in namespace [default]'],
    [
      '/api/namespaces/default/applications/reviews/versions/v9/graph',
      'App [reviews] version [v9] does not exist',
    ],
    ['/api/namespaces/elsewhere/workloads/ratings-v1/graph', 'Namespace [elsewhere] does not exist.'],
  ])('GET %s → 404', async (path, message) => {
    const { status, body } = await get(server.url, path);
    expect(status).toBe(404);
    expect(errorBodySchema.parse(body).error).toContain(message);
  });

  it.each([
    ['/api/namespaces/default/workloads/ratings-v1/graph?namespaces=default,other', 'namespaces'],
    ['/api/namespaces/default/workloads/ratings-v1/graph?graphType=tree', 'graphType'],
    ['/api/namespaces/default/services/ratings/graph?duration=soon', 'duration'],
  ])('GET %s → 400 naming %s', async (path, param) => {
    const { status, body } = await get(server.url, path);
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body)).toMatchObject({ reason: 'input', param });
  });
});
