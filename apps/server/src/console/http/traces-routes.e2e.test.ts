/**
 * The traces endpoints end to end: the embedded trace store (real HTTP, real SQLite) fed over
 * OTLP — by a fixture export, and by the sidecar's own tracer — read by the real Jaeger client,
 * the traces service over Bookinfo's mesh, and the router over HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tracingResponseSchema, tracingSingleTraceSchema } from '@meshlens/mesh-core/api/traces';
import { createJaegerClient } from '../../adapters/jaeger/jaeger-client.ts';
import { bookinfoTraces, fixtureTraceId, otlpExportOf } from '../../adapters/jaeger/testing/trace-fixture.ts';
import { createProxyTracer } from '../../mesh/sidecar/telemetry/tracing.ts';
import { startTraceStore } from '../../trace-store/server.ts';
import { NOW_MS, NOW_US, useTraceStore } from '../../trace-store/trace-store.test-support.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { createTracesService } from '../services/traces-service.ts';
import { useTracesApp } from '../testing/traces-http.ts';
import { tracesMeshState } from '../testing/traces-mesh.ts';

let state: MeshState;
beforeAll(async () => {
  state = await tracesMeshState();
});

const startApp = useTracesApp();

function appOver(url: string, nowMs: () => number) {
  const jaeger = createJaegerClient({ url, timeoutMs: 5_000 });
  const traces = createTracesService({ jaeger, mesh: { read: () => Promise.resolve(state) } });
  return startApp({ traces, nowMs });
}

describe('traces endpoints over the embedded trace store', () => {
  const store = useTraceStore();

  async function ingested() {
    const exported = await store().export(otlpExportOf(bookinfoTraces(NOW_US)));
    expect(exported.status).toBe(200);
    return appOver(store().queryUrl, () => NOW_MS);
  }

  it("answers an app's traces as ingested, whole, with their processes", async () => {
    const app = await ingested();

    const r = await app.get('/api/namespaces/default/apps/reviews/traces');

    expect(r.status).toBe(200);
    const body = tracingResponseSchema.parse(r.body);
    expect(body.tracingServiceName).toBe('reviews.default');
    expect(body.errors).toBeNull();
    expect(body.data.map((t) => t.traceID)).toEqual([fixtureTraceId(1), fixtureTraceId(2)]);
    const [first] = body.data;
    const services = first?.spans.map((s) => first.processes[s.processID]?.serviceName);
    expect(services?.sort()).toEqual([
      'productpage.default',
      'productpage.default',
      'ratings.default',
      'reviews.default',
      'reviews.default',
    ]);
  });

  it("answers a workload's and a cluster's traces, and one trace by id", async () => {
    const app = await ingested();

    const v2 = await app.get('/api/namespaces/default/workloads/reviews-v2/traces');
    const east = await app.get('/api/namespaces/default/apps/productpage/traces?clusterName=east');
    const one = await app.get(`/api/traces/${fixtureTraceId(1)}`);

    expect(tracingResponseSchema.parse(v2.body).data.map((t) => t.traceID)).toEqual([fixtureTraceId(1)]);
    expect(tracingResponseSchema.parse(east.body).data.map((t) => t.traceID)).toEqual([fixtureTraceId(3)]);
    expect(tracingSingleTraceSchema.parse(one.body).data.spans).toHaveLength(5);
  });

  it('answers one trace read in process from the embedded store exactly as over its HTTP API', async () => {
    const overHttp = await ingested();
    // Nothing listens there: only the in-process read can answer.
    const jaeger = createJaegerClient({ url: 'http://127.0.0.1:1', timeoutMs: 5_000 });
    const traces = createTracesService({
      jaeger,
      mesh: { read: () => Promise.resolve(state) },
      embedded: store(),
    });
    const inProcess = await startApp({ traces, nowMs: () => NOW_MS });

    for (const id of [fixtureTraceId(1), fixtureTraceId(1).toUpperCase(), fixtureTraceId(3), 'abc', 'xyz']) {
      const [expected, actual] = await Promise.all([
        overHttp.get(`/api/traces/${id}`),
        inProcess.get(`/api/traces/${id}`),
      ]);
      expect({ id, status: actual.status }).toEqual({ id, status: expected.status });
      expect(actual.body).toEqual(expected.body);
    }
    const one = await inProcess.get(`/api/traces/${fixtureTraceId(1)}`);
    expect(tracingSingleTraceSchema.parse(one.body).data.spans).toHaveLength(5);
  });

  it('refuses a bad startMicros or tags with a 400 naming it', async () => {
    const app = await ingested();

    const start = await app.get('/api/namespaces/default/apps/reviews/traces?startMicros=yesterday');
    const tags = await app.get('/api/namespaces/default/apps/reviews/traces?tags=error%3Dtrue');

    expect(start.status).toBe(400);
    expect(start.body).toMatchObject({ reason: 'input', param: 'startMicros' });
    expect(tags.status).toBe(400);
    expect(tags.body).toMatchObject({ reason: 'input', param: 'tags' });
  });
});

describe('traces endpoints when the trace store is down', () => {
  it('answer 503 naming its URL', async () => {
    const stopped = await startTraceStore({ dbPath: ':memory:', otlpPort: 0, queryPort: 0 });
    await stopped.close();
    const app = await appOver(stopped.queryUrl, Date.now);

    const r = await app.get('/api/namespaces/default/apps/reviews/traces');

    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ reason: 'unavailable' });
    expect((r.body as { error: string }).error).toContain(`Jaeger at ${stopped.queryUrl} is unreachable`);
    expect(app.log.join('\n')).toContain(stopped.queryUrl);
  });
});

describe("traces endpoints over spans from the sidecar's tracer", () => {
  // The tracer stamps spans with the real clock, so the store and the router use it too.
  const store = useTraceStore({ nowMs: () => Date.now() });

  it('find the span under the default naming, `<app>.<namespace>`, in the home cluster', async () => {
    const traceId = '463ac35c9f6413ad48485a3953bb6124';
    // What sidecar.ts gives the tracer for reviews-v1 in default.
    const tracer = createProxyTracer({
      endpoint: `${store().otlpUrl}/v1/traces`,
      samplingPercent: 100,
      nodeId: 'sidecar~127.0.0.1~reviews-v1-0.default~default.svc.cluster.local',
      serviceName: 'reviews.default',
      canonicalService: 'reviews',
      canonicalRevision: 'v1',
      namespace: 'default',
      meshId: 'cluster.local',
      clusterId: 'Kubernetes',
      exportDelayMs: 10,
    });
    tracer
      .startSpan({
        kind: 'server',
        name: 'reviews.default.svc.cluster.local:9080/*',
        headers: { 'x-b3-traceid': traceId, 'x-b3-spanid': 'a2fb4a1d1a96d312', 'x-b3-sampled': '1' },
        method: 'GET',
        url: 'http://reviews:9080/reviews/0',
        protocol: 'HTTP/1.1',
      })
      .end({ statusCode: 200, responseFlags: [], requestSize: 0, responseSize: 10 });
    await tracer.shutdown();
    const app = await appOver(store().queryUrl, Date.now);

    const workload = await app.get('/api/namespaces/default/workloads/reviews-v1/traces');
    const otherWorkload = await app.get('/api/namespaces/default/workloads/reviews-v2/traces');

    expect(tracingResponseSchema.parse(workload.body).data.map((t) => t.traceID)).toEqual([traceId]);
    expect(tracingResponseSchema.parse(otherWorkload.body).data).toEqual([]);
  });
});
