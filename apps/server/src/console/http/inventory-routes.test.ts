/**
 * The inventory endpoints over real HTTP on port 0: the router with the console's 404 and error
 * middleware, behind a stand-in for the graph router as `createConsoleApp` mounts it first.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceHealthSchema, workloadHealthSchema } from '@meshlens/mesh-core/health';
import {
  appDetailsSchema,
  appListSchema,
  mtlsStatusSchema,
  namespaceSchema,
  serviceListSchema,
  workloadDetailsSchema,
} from '@meshlens/mesh-core/inventory';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../errors.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { inventoryServices, ratingsFailing } from '../testing/inventory-services.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { GRAPH_PATH } from './graph-routes.ts';
import { createInventoryRouter } from './inventory-routes.ts';

const NOW = Math.floor(Date.now() / 1000) + 3600;

describe('inventory endpoints over HTTP', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const state = await bookinfoMeshState();
    const graph = Router().get(GRAPH_PATH, (_req, res) => {
      res.json({ graph: true });
    });
    const app = express()
      .use(graph)
      .use(createInventoryRouter({ ...inventoryServices(state, ratingsFailing()), nowSec: () => NOW }))
      .use(notFoundHandler)
      .use(consoleErrorHandler());
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((e) => {
        if (e) reject(e);
        else resolve();
      });
    });
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: r.status, body: await r.json() };
  }

  it('lists namespaces, one namespace, and the mesh’s and a namespace’s mTLS status', async () => {
    const list = await get('/api/namespaces');
    expect(list.status).toBe(200);
    expect(
      namespaceSchema
        .array()
        .parse(list.body)
        .map((n) => n.name),
    ).toEqual(['default', 'istio-system']);
    expect(namespaceSchema.parse((await get('/api/namespaces/istio-system/info')).body).isControlPlane).toBe(
      true,
    );
    expect(mtlsStatusSchema.parse((await get('/api/mesh/tls')).body).status).toBe('MTLS_NOT_ENABLED');
    expect(mtlsStatusSchema.parse((await get('/api/namespaces/default/tls')).body).namespace).toBe('default');
  });

  it('lists apps with health, and details reviews with its three workloads', async () => {
    const list = appListSchema.parse(
      (await get('/api/clusters/apps?namespaces=default&rateInterval=5m')).body,
    );
    expect(list.applications.find((a) => a.name === 'ratings')?.health?.status?.status).toBe('Failure');
    const reviews = appDetailsSchema.parse(
      (await get('/api/namespaces/default/apps/reviews?health=false')).body,
    );
    expect(reviews.workloads.map((w) => w.workloadName)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
  });

  it('details reviews-v2 with its pod and the pod’s proxy Synced', async () => {
    const { status, body } = await get('/api/namespaces/default/workloads/reviews-v2?validate=true');
    expect(status).toBe(200);
    const workload = workloadDetailsSchema.parse(body);
    expect(workload.pods.map((p) => [p.name, p.proxyStatus?.CDS, p.proxyStatus?.RDS])).toEqual([
      ['reviews-v2-0', 'Synced', 'Synced'],
    ]);
    expect(workload.validations.workload?.['reviews-v2.default']?.valid).toBe(true);
  });

  it('lists a namespace’s services without health when told so', async () => {
    const list = serviceListSchema.parse((await get('/api/namespaces/default/services?health=0')).body);
    expect(list.namespace).toEqual({ name: 'default' });
    expect(list.services.map((s) => [s.name, s.health])).toEqual([
      ['details', undefined],
      ['productpage', undefined],
      ['ratings', undefined],
      ['reviews', undefined],
    ]);
  });

  it('answers one object’s health: ratings, answering only 500s, fails', async () => {
    const service = serviceHealthSchema.parse(
      (await get('/api/namespaces/default/services/ratings/health')).body,
    );
    expect(service.status).toMatchObject({ status: 'Failure', errorRatio: 100 });
    const workload = workloadHealthSchema.parse(
      (await get('/api/namespaces/default/workloads/ratings-v1/health?rateInterval=1m&queryTime=2000000000'))
        .body,
    );
    expect(workload.status?.status).toBe('Failure');
  });

  it.each([
    {
      path: '/api/namespaces/default/workloads/reviews-v9',
      status: 404,
      body: {
        reason: 'not-found',
        param: 'workload',
        error: 'Workload [reviews-v9] does not exist in namespace [default].',
      },
    },
    {
      path: '/api/namespaces/default/apps/reviews/health?rateInterval=soon',
      status: 400,
      body: { reason: 'input', param: 'rateInterval', error: 'Invalid rateInterval [soon]' },
    },
    {
      path: '/api/clusters/workloads?health=maybe',
      status: 400,
      body: { reason: 'input', param: 'health', error: 'Invalid health [maybe]: must be true or false' },
    },
    {
      path: '/api/clusters/services?istioResources=yes',
      status: 400,
      body: { reason: 'input', param: 'istioResources' },
    },
    {
      path: '/api/namespaces/default/services/reviews?queryTime=noon',
      status: 400,
      body: { reason: 'input', param: 'queryTime' },
    },
    {
      path: '/api/clusters/apps?namespaces=default,nowhere',
      status: 404,
      body: { reason: 'not-found', param: 'namespaces', error: 'Namespace [nowhere] does not exist.' },
    },
    {
      path: '/api/namespaces/nowhere/tls',
      status: 404,
      body: { reason: 'not-found', param: 'namespace' },
    },
  ])('answers $status for $path', async ({ path, status, body }) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(errorBodySchema.parse(answer.body)).toMatchObject(body);
  });

  it('leaves /api/namespaces/graph to the graph router mounted before it', async () => {
    expect(await get(`${GRAPH_PATH}?namespaces=default`)).toEqual({ status: 200, body: { graph: true } });
    // Under the graph's path, "graph" is just a namespace name the mesh does not have.
    const apps = await get('/api/namespaces/graph/apps');
    expect(apps).toMatchObject({ status: 404, body: { error: 'Namespace [graph] does not exist.' } });
    const unknown = await get('/api/namespaces/default/nothing');
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: 'no such endpoint: GET /api/namespaces/default/nothing' },
    });
  });
});
