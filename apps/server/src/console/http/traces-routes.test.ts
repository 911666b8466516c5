/**
 * The traces endpoints over HTTP (port 0) with the real service over a fake Jaeger: Kiali's
 * parameters in, Kiali's JSON out, every bad parameter a 400 naming it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tracingResponseSchema, tracingSingleTraceSchema } from '@meshlens/mesh-core/api/traces';
import { fixtureTraceId } from '../../adapters/jaeger/testing/trace-fixture.ts';
import { errorBodySchema } from '../errors.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { createTracesService } from '../services/traces-service.ts';
import { useTracesApp } from '../testing/traces-http.ts';
import { tracesFakeJaeger, tracesMeshState } from '../testing/traces-mesh.ts';

const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_US = NOW_MS * 1000;
const ID1 = fixtureTraceId(1);
const ID2 = fixtureTraceId(2);

let state: MeshState;
beforeAll(async () => {
  state = await tracesMeshState();
});

const start = useTracesApp();

async function setup() {
  const jaeger = tracesFakeJaeger(NOW_MS);
  const traces = createTracesService({ jaeger, mesh: { read: () => Promise.resolve(state) } });
  const app = await start({ traces, nowMs: () => NOW_MS });
  return { jaeger, app };
}

describe('GET /api/namespaces/{namespace}/{apps|services|workloads}/{name}/traces', () => {
  it("answers Kiali's TracingResponse for an app, with Kiali's defaults", async () => {
    const { jaeger, app } = await setup();

    const r = await app.get('/api/namespaces/default/apps/reviews/traces');

    expect(r.status).toBe(200);
    const body = tracingResponseSchema.parse(r.body);
    expect(body.tracingServiceName).toBe('reviews.default');
    expect(body.data.map((t) => t.traceID)).toEqual([ID1, fixtureTraceId(4), ID2]);
    expect(Object.keys(r.body as object).sort()).toEqual(['data', 'errors', 'tracingServiceName']);
    expect(jaeger.searches).toEqual([
      {
        service: 'reviews.default',
        startUs: 0,
        endUs: NOW_US,
        tags: { 'istio.cluster_id': 'Kubernetes' },
        limit: 100,
      },
    ]);
  });

  it('reads startMicros, endMicros, tags, minDuration, limit and clusterName', async () => {
    const { jaeger, app } = await setup();
    const tags = encodeURIComponent('{"http.status_code":"500"}');

    const r = await app.get(
      `/api/namespaces/default/services/reviews/traces?startMicros=5&endMicros=${NOW_US}&tags=${tags}&minDuration=1000&limit=20000&clusterName=Kubernetes`,
    );

    expect(r.status).toBe(200);
    expect(tracingResponseSchema.parse(r.body).data.map((t) => t.traceID)).toEqual([ID1]);
    // A limit above Kiali's maximum is lowered to it, as Kiali does.
    expect(jaeger.searches).toEqual([
      {
        service: 'reviews.default',
        startUs: 5,
        endUs: NOW_US,
        tags: { 'http.status_code': '500', 'istio.cluster_id': 'Kubernetes' },
        minDurationUs: 1000,
        limit: 10000,
      },
    ]);
  });

  it("serves a workload's traces", async () => {
    const { app } = await setup();

    const r = await app.get('/api/namespaces/default/workloads/reviews-v1/traces?startMicros=0');

    expect(r.status).toBe(200);
    expect(tracingResponseSchema.parse(r.body).data.map((t) => t.traceID)).toEqual([ID2]);
  });

  it.each([
    ['startMicros=abc', 'startMicros', "cannot parse parameter 'startMicros': [abc] is not an integer"],
    ['startMicros=-1', 'startMicros', "parameter 'startMicros' must be non-negative"],
    ['endMicros=1.5', 'endMicros', "cannot parse parameter 'endMicros': [1.5] is not an integer"],
    [
      'startMicros=10&endMicros=9',
      'startMicros',
      "parameter 'startMicros' [10] must not be after 'endMicros' [9]",
    ],
    ['limit=0', 'limit', "parameter 'limit' must be positive"],
    ['limit=ten', 'limit', "cannot parse parameter 'limit': [ten] is not an integer"],
    ['minDuration=1s', 'minDuration', "cannot parse parameter 'minDuration': [1s] is not an integer"],
    ['tags=null', 'tags', "parameter 'tags' must be a JSON object, not null"],
    ['tags=%22a%22', 'tags', 'cannot parse parameter \'tags\': expected a JSON object of strings, got ["a"]'],
    [
      'tags=%5B%22a%22%5D',
      'tags',
      'cannot parse parameter \'tags\': expected a JSON object of strings, got [["a"]]',
    ],
    [
      'tags=%7B%22a%22%3A1%7D',
      'tags',
      'cannot parse parameter \'tags\': expected a JSON object of strings, got [{"a":1}]',
    ],
  ])('refuses %s with a 400 naming %s', async (query, param, error) => {
    const { jaeger, app } = await setup();

    const r = await app.get(`/api/namespaces/default/apps/reviews/traces?${query}`);

    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error, reason: 'input', param });
    expect(jaeger.searches).toEqual([]);
  });

  it('refuses tags that are not JSON, saying why', async () => {
    const { app } = await setup();

    const r = await app.get('/api/namespaces/default/apps/reviews/traces?tags=%7Bnope');

    expect(r.status).toBe(400);
    expect(errorBodySchema.parse(r.body)).toMatchObject({ reason: 'input', param: 'tags' });
    expect(errorBodySchema.parse(r.body).error).toMatch(/^cannot parse parameter 'tags': .*JSON/);
  });

  it('answers 404 naming an unknown namespace or object', async () => {
    const { app } = await setup();

    const ns = await app.get('/api/namespaces/nope/apps/reviews/traces');
    const svc = await app.get('/api/namespaces/default/services/nope/traces');

    expect(ns.status).toBe(404);
    expect(ns.body).toMatchObject({ error: 'Namespace [nope] does not exist.', reason: 'not-found' });
    expect(svc.status).toBe(404);
    expect(svc.body).toEqual({ error: 'Service [default/nope] does not exist.', reason: 'not-found' });
  });

  it('answers 503 naming Jaeger when it is unreachable', async () => {
    const { jaeger, app } = await setup();
    jaeger.goDown();

    const r = await app.get('/api/namespaces/default/apps/reviews/traces');

    expect(r.status).toBe(503);
    expect(errorBodySchema.parse(r.body).reason).toBe('unavailable');
    expect(errorBodySchema.parse(r.body).error).toContain(jaeger.url);
  });
});

describe('GET /api/traces/{traceID}', () => {
  it("answers Kiali's TracingSingleTrace", async () => {
    const { app } = await setup();

    const r = await app.get(`/api/traces/${ID2}`);

    expect(r.status).toBe(200);
    const body = tracingSingleTraceSchema.parse(r.body);
    expect(body.data.traceID).toBe(ID2);
    expect(body.errors).toBeNull();
  });

  it('answers 400 naming traceID for a malformed id, and 404 for an unknown one', async () => {
    const { app } = await setup();

    const bad = await app.get('/api/traces/not-hex');
    const unknown = await app.get('/api/traces/abc');

    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'input', param: 'traceID' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Trace abc not found', reason: 'not-found' });
  });
});
