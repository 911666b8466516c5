/**
 * Shared setup of the trace-store tests: a real store per test (SQLite in a temp dir, both
 * listeners on 127.0.0.1 port 0, closed after the test), a fixed clock, HTTP helpers, the
 * vendored Jaeger fixtures, and a builder for OTLP/JSON export requests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { RunningTraceStore, TraceStoreServerOptions } from './server.ts';
import { startTraceStore } from './server.ts';

const FIXTURES = fileURLToPath(new URL('../../../../third_party/jaeger/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** The tests' "now": 2026-01-01T00:00:00Z. */
export const NOW_MS = Date.UTC(2026, 0, 1);
export const NOW_US = NOW_MS * 1000;

export interface HttpResult {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly bytes: Uint8Array;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

async function toResult(response: Response): Promise<HttpResult> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = Buffer.from(bytes).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    bytes,
    json,
  };
}

export interface TestTraceStore extends RunningTraceStore {
  /** GET on the query API, e.g. `/api/traces?service=x`. */
  query(pathAndQuery: string): Promise<HttpResult>;
  /** POST to `/v1/traces`. */
  export(body: string | Uint8Array, headers?: Record<string, string>): Promise<HttpResult>;
}

/** Starts a store before each test of the file and closes it after; returns the current one. */
export function useTraceStore(options: Partial<TraceStoreServerOptions> = {}): () => TestTraceStore {
  let current: TestTraceStore | undefined;
  let dir: string | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshlens-trace-store-'));
    const running = await startTraceStore({
      dbPath: join(dir, 'traces.db'),
      otlpPort: 0,
      queryPort: 0,
      nowMs: () => NOW_MS,
      ...options,
    });
    current = {
      ...running,
      close: () => running.close(),
      query: async (path) => toResult(await fetch(`${running.queryUrl}${path}`)),
      export: async (body, headers = { 'content-type': 'application/json' }) =>
        toResult(await fetch(`${running.otlpUrl}/v1/traces`, { method: 'POST', headers, body })),
    };
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (current === undefined) throw new Error('the trace store starts in beforeEach');
    return current;
  };
}

export interface SpanSpec {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind number: 2 server, 3 client. */
  readonly kind?: number;
  readonly startUs: number;
  readonly durationUs: number;
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

export interface ResourceSpec {
  readonly service: string;
  readonly resourceAttributes?: Readonly<Record<string, string | number | boolean>>;
  readonly spans: readonly SpanSpec[];
}

function attributes(record: Readonly<Record<string, string | number | boolean>> = {}): unknown[] {
  return Object.entries(record).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

/** An OTLP/JSON export request, as an OTLP/HTTP JSON exporter writes it. */
export function otlpJson(resources: readonly ResourceSpec[]): string {
  return JSON.stringify({
    resourceSpans: resources.map((r) => ({
      resource: { attributes: attributes({ 'service.name': r.service, ...r.resourceAttributes }) },
      scopeSpans: [
        {
          scope: { name: 'test' },
          spans: r.spans.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind ?? 0,
            startTimeUnixNano: String(BigInt(s.startUs) * 1000n),
            endTimeUnixNano: String(BigInt(s.startUs + s.durationUs) * 1000n),
            attributes: attributes(s.attributes),
            status: {},
          })),
        },
      ],
    })),
  });
}

/** A 32-digit trace id and 16-digit span ids that are easy to read in failures. */
export const traceId = (n: number): string => n.toString(16).padStart(32, 'a');
export const spanId = (n: number): string => n.toString(16).padStart(16, 'b');

const MS = 1000;
/** When the Bookinfo trace starts: ten seconds before "now". */
export const BOOKINFO_START_US = NOW_US - 10_000 * MS;
export const PRODUCTPAGE_OP = 'productpage.default.svc.cluster.local:9080/*';
export const REVIEWS_OP = 'reviews.default.svc.cluster.local:9080/*';
export const RATINGS_OP = 'ratings.default.svc.cluster.local:9080/*';

/**
 * Three traces of Bookinfo as sidecars report them:
 * - traceId(1), 10 s ago: productpage (server 50 ms → client 30 ms) → reviews v2 (server 25 ms →
 *   client 10 ms) → ratings (server 8 ms, HTTP 500);
 * - traceId(2), an hour ago: productpage alone, 5 ms;
 * - traceId(3), three days ago: productpage alone, 5 ms.
 */
export function bookinfoExport(): string {
  const t = BOOKINFO_START_US;
  const ok = { 'http.method': 'GET', 'http.status_code': '200' };
  return otlpJson([
    {
      service: 'productpage',
      spans: [
        {
          traceId: traceId(1),
          spanId: spanId(1),
          name: PRODUCTPAGE_OP,
          kind: 2,
          startUs: t,
          durationUs: 50 * MS,
          attributes: ok,
        },
        {
          traceId: traceId(1),
          spanId: spanId(2),
          parentSpanId: spanId(1),
          name: REVIEWS_OP,
          kind: 3,
          startUs: t + 1 * MS,
          durationUs: 30 * MS,
          attributes: { ...ok, upstream_cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local' },
        },
        {
          traceId: traceId(2),
          spanId: spanId(6),
          name: PRODUCTPAGE_OP,
          kind: 2,
          startUs: NOW_US - 3_600_000 * MS,
          durationUs: 5 * MS,
          attributes: ok,
        },
        {
          traceId: traceId(3),
          spanId: spanId(7),
          name: PRODUCTPAGE_OP,
          kind: 2,
          startUs: NOW_US - 3 * 86_400_000 * MS,
          durationUs: 5 * MS,
          attributes: ok,
        },
      ],
    },
    {
      service: 'reviews',
      resourceAttributes: { 'istio.canonical_revision': 'v2' },
      spans: [
        {
          traceId: traceId(1),
          spanId: spanId(3),
          parentSpanId: spanId(2),
          name: REVIEWS_OP,
          kind: 2,
          startUs: t + 2 * MS,
          durationUs: 25 * MS,
          attributes: ok,
        },
        {
          traceId: traceId(1),
          spanId: spanId(4),
          parentSpanId: spanId(3),
          name: RATINGS_OP,
          kind: 3,
          startUs: t + 3 * MS,
          durationUs: 10 * MS,
          attributes: { ...ok, 'http.status_code': '500' },
        },
      ],
    },
    {
      service: 'ratings',
      spans: [
        {
          traceId: traceId(1),
          spanId: spanId(5),
          parentSpanId: spanId(4),
          name: RATINGS_OP,
          kind: 2,
          startUs: t + 4 * MS,
          durationUs: 8 * MS,
          attributes: { 'http.method': 'GET', 'http.status_code': '500', error: 'true' },
        },
      ],
    },
  ]);
}

/** The Jaeger response envelope, as the tests read it. */
export interface Envelope<T = unknown> {
  readonly data: T;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly errors: readonly { code?: number; msg: string; traceID?: string }[] | null;
}

export interface UiTrace {
  readonly traceID: string;
  readonly spans: readonly {
    spanID: string;
    operationName: string;
    processID: string;
    tags: { key: string; type: string; value: unknown }[];
    references: { refType: string; traceID: string; spanID: string }[];
    logs: { timestamp: number; fields: { key: string; type: string; value: unknown }[] }[];
    startTime: number;
    duration: number;
    warnings: string[] | null;
  }[];
  readonly processes: Readonly<
    Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>
  >;
}

/** The trace ids of a `/api/traces` answer, in order. */
export function traceIds(result: HttpResult): string[] {
  return (result.json as Envelope<UiTrace[]>).data.map((t) => t.traceID);
}
