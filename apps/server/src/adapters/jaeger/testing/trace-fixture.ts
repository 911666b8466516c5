/**
 * Traces for tests of the Jaeger adapter and the console's traces endpoints, written once and
 * turned into both forms the implementations take: OTLP/JSON for the embedded store (as sidecars
 * export them) and Jaeger UI-model traces for the fake.
 *
 * `bookinfoTraces()` is Bookinfo in namespace `default` as Meshlens' sidecars report it: resource
 * `service.name` `<app>.<namespace>`, Envoy's operation names (`<host>:<port>/*`), and the tags
 * the console filters on (`node_id`, `istio.cluster_id`, `http.status_code`).
 */
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '@meshlens/mesh-core/api/traces';

export interface FixtureSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** The process's service name. */
  readonly service: string;
  readonly operation: string;
  readonly kind: 'server' | 'client';
  readonly startUs: number;
  readonly durationUs: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** Process tags per service name (OTLP resource attributes besides `service.name`). */
export type ProcessTags = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface TraceFixture {
  readonly spans: readonly FixtureSpan[];
  readonly processTags?: ProcessTags;
}

const OTLP_KINDS = { server: 2, client: 3 } as const;
const stringTag = (key: string, value: string): JaegerKeyValue => ({ key, type: 'string', value });

/** The fixture as one OTLP/JSON export request, one resource per service. */
export function otlpExportOf(fixture: TraceFixture): string {
  const services = [...new Set(fixture.spans.map((s) => s.service))];
  const attributes = (record: Readonly<Record<string, string>>): unknown[] =>
    Object.entries(record).map(([key, value]) => ({ key, value: { stringValue: value } }));
  return JSON.stringify({
    resourceSpans: services.map((service) => ({
      resource: { attributes: attributes({ 'service.name': service, ...fixture.processTags?.[service] }) },
      scopeSpans: [
        {
          scope: { name: 'meshlens-test' },
          spans: fixture.spans
            .filter((s) => s.service === service)
            .map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.operation,
              kind: OTLP_KINDS[s.kind],
              startTimeUnixNano: String(BigInt(s.startUs) * 1000n),
              endTimeUnixNano: String(BigInt(s.startUs + s.durationUs) * 1000n),
              attributes: attributes(s.tags),
              status: {},
            })),
        },
      ],
    })),
  });
}

/** The fixture as Jaeger UI-model traces, in order of first appearance. */
export function jaegerTracesOf(fixture: TraceFixture): JaegerTrace[] {
  const traceIds = [...new Set(fixture.spans.map((s) => s.traceId))];
  return traceIds.map((traceID) => {
    const spans = fixture.spans.filter((s) => s.traceId === traceID);
    const processIds = new Map<string, string>();
    for (const s of spans)
      if (!processIds.has(s.service)) processIds.set(s.service, `p${processIds.size + 1}`);
    const processes = Object.fromEntries(
      [...processIds].map(([service, id]) => [
        id,
        {
          serviceName: service,
          tags: Object.entries(fixture.processTags?.[service] ?? {}).map(([k, v]) => stringTag(k, v)),
        },
      ]),
    );
    return {
      traceID,
      spans: spans.map((s): JaegerSpan => ({
        traceID,
        spanID: s.spanId,
        operationName: s.operation,
        references:
          s.parentSpanId === undefined ? [] : [{ refType: 'CHILD_OF', traceID, spanID: s.parentSpanId }],
        startTime: s.startUs,
        duration: s.durationUs,
        tags: [...Object.entries(s.tags).map(([k, v]) => stringTag(k, v)), stringTag('span.kind', s.kind)],
        logs: [],
        processID: processIds.get(s.service) ?? 'p1',
        warnings: null,
      })),
      processes,
      warnings: null,
    };
  });
}

/** 32 hex digits that read as their number in failures. */
export const fixtureTraceId = (n: number): string => n.toString(16).padStart(32, 'a');
const spanId = (n: number): string => n.toString(16).padStart(16, 'b');

const MS = 1000;
const op = (service: string): string => `${service}.default.svc.cluster.local:9080/*`;

function sidecarTags(options: {
  readonly workload: string;
  readonly app: string;
  readonly status: number;
  readonly cluster?: string;
}): Record<string, string> {
  return {
    node_id: `sidecar~127.0.0.1~${options.workload}-0.default~default.svc.cluster.local`,
    'http.method': 'GET',
    'http.status_code': String(options.status),
    'istio.canonical_service': options.app,
    'istio.namespace': 'default',
    'istio.cluster_id': options.cluster ?? 'Kubernetes',
    ...(options.status >= 500 ? { error: 'true' } : {}),
  };
}

/**
 * Bookinfo's traces at `nowUs`:
 * - trace 1, 10 s ago: productpage-v1 (server 50 ms → client 30 ms) → reviews-v2 (server 25 ms →
 *   client 10 ms, 500) → ratings-v1 (server 8 ms, 500);
 * - trace 2, an hour ago: productpage-v1 (server 5 ms → client 3 ms) → reviews-v1 (server 2 ms);
 * - trace 3, 30 hours ago, in cluster `east`: productpage-v1 alone (server 4 ms).
 * reviews' process (its OTLP resource) carries the tag `telemetry.sdk.language=nodejs`.
 */
export function bookinfoTraces(nowUs: number): TraceFixture {
  const t1 = nowUs - 10_000 * MS;
  const t2 = nowUs - 3_600_000 * MS;
  const t3 = nowUs - 30 * 3_600_000 * MS;
  const pp = (status: number, cluster?: string): Record<string, string> =>
    sidecarTags({ workload: 'productpage-v1', app: 'productpage', status, ...(cluster ? { cluster } : {}) });
  const span = (
    n: number,
    rest: Omit<FixtureSpan, 'spanId' | 'parentSpanId'> & { readonly parent?: number },
  ): FixtureSpan => {
    const { parent, ...fields } = rest;
    return {
      spanId: spanId(n),
      ...(parent === undefined ? {} : { parentSpanId: spanId(parent) }),
      ...fields,
    };
  };
  const id1 = fixtureTraceId(1);
  const id2 = fixtureTraceId(2);
  const id3 = fixtureTraceId(3);
  return {
    processTags: { 'reviews.default': { 'telemetry.sdk.language': 'nodejs' } },
    spans: [
      span(1, {
        traceId: id1,
        service: 'productpage.default',
        operation: op('productpage'),
        kind: 'server',
        startUs: t1,
        durationUs: 50 * MS,
        tags: pp(200),
      }),
      span(2, {
        traceId: id1,
        parent: 1,
        service: 'productpage.default',
        operation: op('reviews'),
        kind: 'client',
        startUs: t1 + MS,
        durationUs: 30 * MS,
        tags: pp(200),
      }),
      span(3, {
        traceId: id1,
        parent: 2,
        service: 'reviews.default',
        operation: op('reviews'),
        kind: 'server',
        startUs: t1 + 2 * MS,
        durationUs: 25 * MS,
        tags: sidecarTags({ workload: 'reviews-v2', app: 'reviews', status: 200 }),
      }),
      span(4, {
        traceId: id1,
        parent: 3,
        service: 'reviews.default',
        operation: op('ratings'),
        kind: 'client',
        startUs: t1 + 3 * MS,
        durationUs: 10 * MS,
        tags: sidecarTags({ workload: 'reviews-v2', app: 'reviews', status: 500 }),
      }),
      span(5, {
        traceId: id1,
        parent: 4,
        service: 'ratings.default',
        operation: op('ratings'),
        kind: 'server',
        startUs: t1 + 4 * MS,
        durationUs: 8 * MS,
        tags: sidecarTags({ workload: 'ratings-v1', app: 'ratings', status: 500 }),
      }),
      span(6, {
        traceId: id2,
        service: 'productpage.default',
        operation: op('productpage'),
        kind: 'server',
        startUs: t2,
        durationUs: 5 * MS,
        tags: pp(200),
      }),
      span(7, {
        traceId: id2,
        parent: 6,
        service: 'productpage.default',
        operation: op('reviews'),
        kind: 'client',
        startUs: t2 + 1,
        durationUs: 3 * MS,
        tags: pp(200),
      }),
      span(8, {
        traceId: id2,
        parent: 7,
        service: 'reviews.default',
        operation: op('reviews'),
        kind: 'server',
        startUs: t2 + 2,
        durationUs: 2 * MS,
        tags: sidecarTags({ workload: 'reviews-v1', app: 'reviews', status: 200 }),
      }),
      span(9, {
        traceId: id3,
        service: 'productpage.default',
        operation: op('productpage'),
        kind: 'server',
        startUs: t3,
        durationUs: 4 * MS,
        tags: pp(200, 'east'),
      }),
    ],
  };
}
