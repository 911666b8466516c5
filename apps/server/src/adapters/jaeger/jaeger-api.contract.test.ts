/**
 * The `JaegerApi` contract, run against the fake and against the real client talking to the
 * embedded trace store (a real Jaeger cannot run here). Both are given the same Bookinfo traces:
 * the fake as Jaeger UI-model traces, the store as the OTLP export sidecars send.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../console/errors.ts';
import { NOW_MS, NOW_US, useTraceStore } from '../../trace-store/trace-store.test-support.ts';
import type { JaegerApi } from './jaeger-api.ts';
import { createJaegerClient } from './jaeger-client.ts';
import { createFakeJaegerApi } from './testing/fake-jaeger-api.ts';
import type { TraceFixture } from './testing/trace-fixture.ts';
import { bookinfoTraces, fixtureTraceId, jaegerTracesOf, otlpExportOf } from './testing/trace-fixture.ts';

type Start = (fixture: TraceFixture) => Promise<JaegerApi>;

const ID1 = fixtureTraceId(1);
const ID2 = fixtureTraceId(2);
const ID3 = fixtureTraceId(3);
const HOUR_US = 3_600_000_000;
const REVIEWS_OP = 'reviews.default.svc.cluster.local:9080/*';

const ids = (traces: readonly { traceID: string }[]): string[] => traces.map((t) => t.traceID);

function contract(name: string, setup: () => Start): void {
  describe(`JaegerApi contract: ${name}`, () => {
    const start = setup();
    const api = (): Promise<JaegerApi> => start(bookinfoTraces(NOW_US));

    it('lists the services and their operations', async () => {
      const jaeger = await api();

      expect((await jaeger.services()).sort()).toEqual([
        'productpage.default',
        'ratings.default',
        'reviews.default',
      ]);
      expect((await jaeger.operations('reviews.default')).sort()).toEqual([
        'ratings.default.svc.cluster.local:9080/*',
        REVIEWS_OP,
      ]);
      expect(await jaeger.operations('nobody.default')).toEqual([]);
    });

    it('finds whole traces of a service, newest first, within the default window', async () => {
      const jaeger = await api();

      const { traces } = await jaeger.findTraces({ service: 'reviews.default' });

      expect(ids(traces)).toEqual([ID1, ID2]);
      // Every span of the trace, from every service, with its process.
      const [first] = traces;
      expect(first?.spans).toHaveLength(5);
      const services = first?.spans.map((s) => first.processes[s.processID]?.serviceName);
      expect(new Set(services)).toEqual(
        new Set(['productpage.default', 'reviews.default', 'ratings.default']),
      );
    });

    it('keeps traces with one span matching service, operation, tags and durations together', async () => {
      const jaeger = await api();
      const wide = { startUs: 0, endUs: NOW_US };

      const byOperation = await jaeger.findTraces({
        service: 'productpage.default',
        operation: REVIEWS_OP,
        ...wide,
      });
      const byTag = await jaeger.findTraces({
        service: 'reviews.default',
        tags: { 'http.status_code': '500' },
        ...wide,
      });
      // The 500 is on a reviews span, not a productpage one.
      const tagElsewhere = await jaeger.findTraces({
        service: 'productpage.default',
        tags: { 'http.status_code': '500' },
        ...wide,
      });
      const byProcessTag = await jaeger.findTraces({
        service: 'reviews.default',
        tags: { 'telemetry.sdk.language': 'nodejs', 'http.status_code': '200' },
        ...wide,
      });
      const slow = await jaeger.findTraces({
        service: 'productpage.default',
        minDurationUs: 30_000,
        ...wide,
      });
      const quick = await jaeger.findTraces({
        service: 'productpage.default',
        maxDurationUs: 4_000,
        ...wide,
      });

      expect(ids(byOperation.traces)).toEqual([ID1, ID2]);
      expect(ids(byTag.traces)).toEqual([ID1]);
      expect(ids(tagElsewhere.traces)).toEqual([]);
      expect(ids(byProcessTag.traces)).toEqual([ID1, ID2]);
      expect(ids(slow.traces)).toEqual([ID1]);
      expect(ids(quick.traces)).toEqual([ID2, ID3]);
    });

    it('bounds span start times by start and end (µs) or by a lookback, and counts traces up to limit', async () => {
      const jaeger = await api();

      const lastTwoHours = await jaeger.findTraces({
        service: 'productpage.default',
        startUs: NOW_US - 2 * HOUR_US,
      });
      const beforeThat = await jaeger.findTraces({
        service: 'productpage.default',
        startUs: 0,
        endUs: NOW_US - 2 * HOUR_US,
      });
      const lookback = await jaeger.findTraces({ service: 'productpage.default', lookback: '2h' });
      const newest = await jaeger.findTraces({ service: 'productpage.default', startUs: 0, limit: 1 });

      expect(ids(lastTwoHours.traces)).toEqual([ID1, ID2]);
      expect(ids(beforeThat.traces)).toEqual([ID3]);
      expect(ids(lookback.traces)).toEqual([ID1, ID2]);
      expect(ids(newest.traces)).toEqual([ID1]);
    });

    it('reads one trace by id, in any case, and refuses an unknown one as not found', async () => {
      const jaeger = await api();

      const trace = await jaeger.getTrace(ID2.toUpperCase());
      const missing = jaeger.getTrace('abc123');

      expect(trace.traceID).toBe(ID2);
      expect(trace.spans.map((s) => s.spanID).sort()).toEqual([
        '6'.padStart(16, 'b'),
        '7'.padStart(16, 'b'),
        '8'.padStart(16, 'b'),
      ]);
      await expect(missing).rejects.toThrow(ConsoleError);
      await expect(missing).rejects.toMatchObject({ reason: 'not-found', message: 'Trace abc123 not found' });
    });
  });
}

contract(
  'fake',
  () => (fixture) =>
    Promise.resolve(createFakeJaegerApi({ traces: jaegerTracesOf(fixture), nowMs: () => NOW_MS })),
);

contract('HTTP client over the embedded trace store', () => {
  const store = useTraceStore();
  return async (fixture) => {
    const exported = await store().export(otlpExportOf(fixture));
    if (exported.status !== 200) throw new Error(`the store refused the export: ${exported.text}`);
    return createJaegerClient({ url: store().queryUrl, timeoutMs: 5_000 });
  };
});
