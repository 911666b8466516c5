/**
 * The trace search endpoints: parameters and errors over the fake Jaeger, and Jaeger's query
 * semantics end to end over the embedded trace store (real HTTP, real SQLite, the real client).
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { traceSearchResponseSchema, tracingNamesResponseSchema } from '@meshlens/mesh-core/api/traces';
import type { JaegerApi } from '../../adapters/jaeger/jaeger-api.ts';
import { createJaegerClient } from '../../adapters/jaeger/jaeger-client.ts';
import { bookinfoTraces, fixtureTraceId, otlpExportOf } from '../../adapters/jaeger/testing/trace-fixture.ts';
import { startTraceStore } from '../../trace-store/server.ts';
import { NOW_MS, NOW_US, useTraceStore } from '../../trace-store/trace-store.test-support.ts';
import { createTracingSearchService } from '../services/tracing-search-service.ts';
import { tracesFakeJaeger } from '../testing/traces-mesh.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createTracingSearchRouter } from './tracing-search-routes.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => {
            resolve();
          });
        }),
    ),
  );
});

async function serve(jaeger: JaegerApi) {
  const app = express();
  app.use(createTracingSearchRouter({ search: createTracingSearchService({ jaeger }), nowMs: () => NOW_MS }));
  app.use(notFoundHandler);
  app.use(consoleErrorHandler({ log: () => undefined }));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: await response.json() };
  };
}

const ids = (body: unknown) => traceSearchResponseSchema.parse(body).data.map((t) => t.traceID);

describe('trace search parameters', () => {
  it.each([
    ['', 'service', "parameter 'service' is required"],
    ['service=reviews.default&minDuration=100', 'minDuration', 'a unit is required'],
    ['service=reviews.default&maxDuration=fast', 'maxDuration', 'time: invalid duration "fast"'],
    [
      'service=reviews.default&minDuration=1s&maxDuration=10ms',
      'maxDuration',
      "must not be less than 'minDuration'",
    ],
    ['service=reviews.default&limit=0', 'limit', 'must be positive'],
    ['service=reviews.default&limit=ten', 'limit', 'is not an integer'],
    ['service=reviews.default&tags=error%3Dtrue', 'tags', "cannot parse parameter 'tags'"],
    ['service=reviews.default&startMicros=20&endMicros=10', 'startMicros', "must not be after 'endMicros'"],
  ])('?%s is a 400 naming %s', async (query, param, message) => {
    const get = await serve(tracesFakeJaeger(NOW_MS));

    const r = await get(`/api/tracing/traces?${query}`);

    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'input', param });
    expect((r.body as { error: string }).error).toContain(message);
  });

  it('passes operation, tags, durations, limit and the window to Jaeger, defaulting to the last hour', async () => {
    const jaeger = tracesFakeJaeger(NOW_MS);
    const get = await serve(jaeger);

    const r = await get(
      '/api/tracing/traces?service=reviews.default&operation=op&tags=%7B%22error%22%3A%22true%22%7D&minDuration=1.5ms&maxDuration=2s&limit=5',
    );

    expect(r.status).toBe(200);
    expect(jaeger.searches).toEqual([
      {
        service: 'reviews.default',
        operation: 'op',
        tags: { error: 'true' },
        minDurationUs: 1500,
        maxDurationUs: 2_000_000,
        limit: 5,
        startUs: NOW_US - 3_600_000_000,
        endUs: NOW_US,
      },
    ]);
  });

  it('answers 503 naming Jaeger when it is down', async () => {
    const jaeger = tracesFakeJaeger(NOW_MS);
    jaeger.goDown();
    const get = await serve(jaeger);

    const r = await get('/api/tracing/services');

    expect(r.status).toBe(503);
    expect((r.body as { error: string }).error).toContain('http://jaeger.fake:16686');
  });
});

describe('trace search over the embedded trace store', () => {
  const store = useTraceStore();

  async function ingested() {
    expect((await store().export(otlpExportOf(bookinfoTraces(NOW_US)))).status).toBe(200);
    return serve(createJaegerClient({ url: store().queryUrl, timeoutMs: 5_000 }));
  }

  it('lists services and operations, sorted', async () => {
    const get = await ingested();

    const services = await get('/api/tracing/services');
    const operations = await get('/api/tracing/services/reviews.default/operations');
    const none = await get('/api/tracing/services/nobody.default/operations');

    expect(tracingNamesResponseSchema.parse(services.body).data).toEqual([
      'productpage.default',
      'ratings.default',
      'reviews.default',
    ]);
    expect(tracingNamesResponseSchema.parse(operations.body).data).toEqual([
      'ratings.default.svc.cluster.local:9080/*',
      'reviews.default.svc.cluster.local:9080/*',
    ]);
    expect(none.body).toEqual({ data: [] });
  });

  it("searches with Jaeger's semantics: window, operation, tags, durations, limit", async () => {
    const get = await ingested();
    const day = `startMicros=${NOW_US - 2 * 86_400_000_000}`;
    const pp = 'service=productpage.default';

    // Trace 2 started exactly an hour ago: the window's start is inclusive, as in Jaeger.
    const lastHour = await get(`/api/tracing/traces?${pp}`);
    const halfHour = await get(`/api/tracing/traces?${pp}&startMicros=${NOW_US - 1_800_000_000}`);
    const lastDay = await get(`/api/tracing/traces?${pp}&${day}`);
    const errors = await get(
      `/api/tracing/traces?service=reviews.default&${day}&tags=${encodeURIComponent('{"error":"true"}')}`,
    );
    const slow = await get(`/api/tracing/traces?${pp}&${day}&minDuration=20ms`);
    const fast = await get(`/api/tracing/traces?${pp}&${day}&maxDuration=6ms`);
    const ratingsOp = await get(
      `/api/tracing/traces?service=reviews.default&${day}&operation=${encodeURIComponent('ratings.default.svc.cluster.local:9080/*')}`,
    );
    const one = await get(`/api/tracing/traces?${pp}&${day}&limit=1`);

    expect(ids(lastHour.body)).toEqual([fixtureTraceId(1), fixtureTraceId(2)]);
    expect(ids(halfHour.body)).toEqual([fixtureTraceId(1)]);
    expect(ids(lastDay.body)).toEqual([fixtureTraceId(1), fixtureTraceId(2), fixtureTraceId(3)]);
    expect(traceSearchResponseSchema.parse(lastDay.body).tracingServiceName).toBe('productpage.default');
    expect(ids(errors.body)).toEqual([fixtureTraceId(1)]);
    expect(ids(slow.body)).toEqual([fixtureTraceId(1)]);
    expect(ids(fast.body)).toEqual([fixtureTraceId(2), fixtureTraceId(3)]);
    expect(ids(ratingsOp.body)).toEqual([fixtureTraceId(1)]);
    expect(ids(one.body)).toEqual([fixtureTraceId(1)]);
  });

  it('answers 503 naming the store when it is down', async () => {
    const stopped = await startTraceStore({ dbPath: ':memory:', otlpPort: 0, queryPort: 0 });
    await stopped.close();
    const get = await serve(createJaegerClient({ url: stopped.queryUrl, timeoutMs: 5_000 }));

    const r = await get('/api/tracing/traces?service=reviews.default');

    expect(r.status).toBe(503);
    expect((r.body as { error: string }).error).toContain(stopped.queryUrl);
  });
});
