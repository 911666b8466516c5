import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JaegerSpan } from './jaeger-model.ts';
import { decodeOtlpJson } from './otlp-json.ts';
import { toJaegerSpans } from './otlp-to-jaeger.ts';
import type { StoredSpanRow } from './span-codec.ts';
import { decodeSpan } from './span-codec.ts';
import { createSpanWriter } from './span-writer.ts';
import type { TraceDatabase } from './store-schema.ts';
import { openTraceDatabase } from './store-schema.ts';
import type { TraceQuery, TraceSearch } from './store-search.ts';
import { createTraceSearch } from './store-search.ts';
import { tagsMatchQuery } from './tag-tokens.ts';
import type { SpanSpec } from './trace-store.test-support.ts';
import { NOW_US, REVIEWS_OP, bookinfoExport, otlpJson, spanId, traceId } from './trace-store.test-support.ts';

const T1 = traceId(1);
const T2 = traceId(2);
const T3 = traceId(3);
const MS = 1000;

let db: TraceDatabase;
let write: (body: string) => void;

beforeEach(() => {
  db = openTraceDatabase(':memory:');
  const writer = createSpanWriter(db);
  write = (body) => {
    writer(toJaegerSpans(decodeOtlpJson(body)), 0);
  };
  write(bookinfoExport());
});

afterEach(() => {
  db.close();
});

/** The two plans: tagged spans read first (any count is "few"), or the service's spans by time. */
const PLANS = [
  ['tagged spans first', Number.MAX_SAFE_INTEGER],
  ['spans by time', 0],
] as const;

function searchWith(fewTaggedSpans: number): TraceSearch {
  const span = db.prepare<[number], StoredSpanRow>(
    'SELECT trace_id, span_id, service, operation, start_us, duration_us, body FROM spans WHERE id = ?',
  );
  return createTraceSearch({
    db,
    spanById: (id): JaegerSpan | undefined => {
      const row = span.get(id);
      return row === undefined ? undefined : decodeSpan(row);
    },
    fewTaggedSpans,
  });
}

const query = (q: Partial<TraceQuery> & Pick<TraceQuery, 'serviceName'>): TraceQuery => ({
  startTimeMinUs: NOW_US - 2 * 86_400_000 * MS,
  startTimeMaxUs: NOW_US,
  limit: 20,
  ...q,
});

describe.each(PLANS)('trace search, %s', (_plan, fewTaggedSpans) => {
  it.each<[string, TraceQuery, string[]]>([
    ['a span tag', query({ serviceName: 'ratings', tags: { 'http.status_code': '500' } }), [T1]],
    [
      "a tag only another service's spans carry",
      query({ serviceName: 'productpage', tags: { 'http.status_code': '500' } }),
      [],
    ],
    ['a process tag', query({ serviceName: 'reviews', tags: { 'istio.canonical_revision': 'v2' } }), [T1]],
    [
      'two tags on one span',
      query({ serviceName: 'ratings', tags: { error: 'true', 'http.method': 'GET' } }),
      [T1],
    ],
    [
      'two tags, one absent',
      query({ serviceName: 'ratings', tags: { error: 'true', 'http.method': 'POST' } }),
      [],
    ],
    [
      'a tag, newest first',
      query({ serviceName: 'productpage', startTimeMinUs: 0, tags: { 'http.method': 'GET' } }),
      [T1, T2, T3],
    ],
    [
      'a tag and a limit',
      query({ serviceName: 'productpage', startTimeMinUs: 0, tags: { 'http.method': 'GET' }, limit: 2 }),
      [T1, T2],
    ],
    [
      'a tag and the operation',
      query({ serviceName: 'productpage', operationName: REVIEWS_OP, tags: { 'http.method': 'GET' } }),
      [T1],
    ],
    [
      'a tag and a duration',
      query({ serviceName: 'productpage', tags: { 'http.method': 'GET' }, durationMinUs: 10 * MS }),
      [T1],
    ],
    [
      'a tag and a window',
      query({
        serviceName: 'productpage',
        startTimeMinUs: 0,
        startTimeMaxUs: NOW_US - 7_200_000 * MS,
        tags: { 'http.method': 'GET' },
      }),
      [T3],
    ],
    ['no tags', query({ serviceName: 'productpage', startTimeMinUs: 0 }), [T1, T2, T3]],
  ])('%s', (_name, q, expected) => {
    expect(searchWith(fewTaggedSpans)(q)).toEqual(expected);
  });

  it('ranks a trace by its latest matching span, ties by trace id', () => {
    const TAGGED = { k: 'v' };
    const span = (trace: number, n: number, startUs: number, attributes = {}): SpanSpec => ({
      traceId: traceId(trace),
      spanId: spanId(n),
      name: 'op',
      startUs,
      durationUs: 10,
      attributes,
    });
    const t = NOW_US - 60_000 * MS;
    // Trace 10 has the newest span, but not with the tag; 12 is stored before 11, both at t + 200.
    write(otlpJson([{ service: 'svc', spans: [span(10, 1, t + 100, TAGGED), span(10, 2, t + 300)] }]));
    write(otlpJson([{ service: 'svc', spans: [span(12, 3, t + 200, TAGGED)] }]));
    write(otlpJson([{ service: 'svc', spans: [span(11, 4, t + 200, TAGGED)] }]));

    const search = searchWith(fewTaggedSpans);
    expect(search(query({ serviceName: 'svc', tags: { k: 'v' } }))).toEqual([
      traceId(11),
      traceId(12),
      traceId(10),
    ]);
    expect(search(query({ serviceName: 'svc' }))).toEqual([traceId(10), traceId(11), traceId(12)]);
  });

  it('does not take a span whose token matches but whose tags do not (a shared digest)', () => {
    const { id } = db
      .prepare<[string], { id: number }>("SELECT id FROM spans WHERE trace_id = ? AND service = 'ratings'")
      .get(T1) ?? { id: -1 };
    const forged = tagsMatchQuery('ratings', { 'http.status_code': '404' }).replaceAll('"', '');
    db.prepare('DELETE FROM span_tags WHERE rowid = ?').run(id);
    db.prepare('INSERT INTO span_tags (rowid, tokens) VALUES (?, ?)').run(id, forged);

    expect(
      searchWith(fewTaggedSpans)(query({ serviceName: 'ratings', tags: { 'http.status_code': '404' } })),
    ).toEqual([]);
  });
});
