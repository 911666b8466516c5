import { beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, UiTrace } from './trace-store.test-support.ts';
import {
  BOOKINFO_START_US,
  NOW_US,
  RATINGS_OP,
  REVIEWS_OP,
  bookinfoExport,
  traceId,
  traceIds,
  useTraceStore,
} from './trace-store.test-support.ts';

const store = useTraceStore();
const T1 = traceId(1);
const T2 = traceId(2);
const T3 = traceId(3);

beforeEach(async () => {
  expect((await store().export(bookinfoExport())).status).toBe(200);
});

const search = async (query: string): Promise<string[]> =>
  traceIds(await store().query(`/api/traces?${query}`));

describe('GET /api/traces: search', () => {
  it('returns whole traces: every span and process, not only the spans that matched', async () => {
    const result = await store().query('/api/traces?service=ratings');
    const [trace, ...others] = (result.json as Envelope<UiTrace[]>).data;

    expect(others).toEqual([]);
    expect(trace?.traceID).toBe(T1);
    expect(trace?.spans.map((s) => s.operationName)).toEqual([
      'productpage.default.svc.cluster.local:9080/*',
      REVIEWS_OP,
      REVIEWS_OP,
      RATINGS_OP,
      RATINGS_OP,
    ]);
    expect(Object.values(trace?.processes ?? {}).map((p) => p.serviceName)).toEqual([
      'productpage',
      'reviews',
      'ratings',
    ]);
    expect(trace?.spans.map((s) => s.processID)).toEqual(['p1', 'p1', 'p2', 'p2', 'p3']);
  });

  it('searches the last two days by default, newest trace first', async () => {
    expect(await search('service=productpage')).toEqual([T1, T2]);
    expect(await search('service=productpage&start=0')).toEqual([T1, T2, T3]);
  });

  it('counts the limit in traces, keeping the newest', async () => {
    expect(await search('service=productpage&start=0&limit=2')).toEqual([T1, T2]);
    expect(await search('service=productpage&start=0&limit=1')).toEqual([T1]);
    // As in Jaeger's stores, 0 means no limit.
    expect(await search('service=productpage&start=0&limit=0')).toEqual([T1, T2, T3]);
  });

  it('bounds span start times by start and end, in microseconds, inclusive', async () => {
    expect(await search(`service=reviews&start=${BOOKINFO_START_US + 2000}&end=${NOW_US}`)).toEqual([T1]);
    expect(await search(`service=reviews&start=${BOOKINFO_START_US + 3001}&end=${NOW_US}`)).toEqual([]);
    expect(await search(`service=productpage&start=0&end=${BOOKINFO_START_US - 1}`)).toEqual([T2, T3]);
  });

  it('turns lookback into the start of the window when start is absent', async () => {
    expect(await search('service=productpage&lookback=30m')).toEqual([T1]);
    expect(await search('service=productpage&lookback=2h')).toEqual([T1, T2]);
    expect(await search('service=productpage&lookback=7d')).toEqual([T1, T2, T3]);
  });

  it('matches the operation on the same span as the service', async () => {
    expect(await search(`service=productpage&operation=${encodeURIComponent(REVIEWS_OP)}`)).toEqual([T1]);
    expect(await search(`service=ratings&operation=${encodeURIComponent(REVIEWS_OP)}`)).toEqual([]);
  });

  it('requires every tag to match one span of the service, on its span or process tags', async () => {
    const tags = (json: Record<string, string>): string => `tags=${encodeURIComponent(JSON.stringify(json))}`;

    expect(await search(`service=ratings&${tags({ 'http.status_code': '500' })}`)).toEqual([T1]);
    // The 500 is on a reviews and a ratings span, never on a productpage one.
    expect(await search(`service=productpage&${tags({ 'http.status_code': '500' })}`)).toEqual([]);
    // A resource attribute is a process tag, and searchable.
    expect(await search('service=reviews&tag=istio.canonical_revision:v2')).toEqual([T1]);
    expect(await search('service=ratings&tag=error:true&tag=http.method:GET')).toEqual([T1]);
    expect(await search('service=ratings&tag=error:true&tag=http.method:POST')).toEqual([]);
    // The span kind and the scope are tags too, as Jaeger shows them.
    expect(await search('service=reviews&tag=span.kind:client')).toEqual([T1]);
    expect(
      await search(
        'service=productpage&start=0&tag=upstream_cluster:outbound|9080|v2|reviews.default.svc.cluster.local',
      ),
    ).toEqual([T1]);
  });

  it('bounds span durations with Go durations', async () => {
    expect(await search('service=productpage&minDuration=10ms')).toEqual([T1]);
    expect(await search('service=productpage&maxDuration=6ms')).toEqual([T2]);
    expect(await search('service=productpage&minDuration=30ms&maxDuration=0.03s')).toEqual([T1]);
    expect(await search('service=productpage&minDuration=1m')).toEqual([]);
  });

  it('fetches traces by traceID, reporting the ones it does not have', async () => {
    const unknown = traceId(99);
    const result = await store().query(`/api/traces?traceID=${T2}&traceID=${unknown}`);
    const body = result.json as Envelope<UiTrace[]>;

    expect(result.status).toBe(200);
    expect(body.data.map((t) => t.traceID)).toEqual([T2]);
    expect(body.errors).toEqual([{ msg: 'trace not found', traceID: unknown }]);
  });

  it('finds nothing for a service it never saw', async () => {
    const result = await store().query('/api/traces?service=details');

    expect(result.status).toBe(200);
    expect(result.json).toEqual({ data: [], total: 0, limit: 0, offset: 0, errors: null });
  });
});
