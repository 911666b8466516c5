/**
 * Traces: Jaeger's query API model (what the server's Jaeger adapter parses) and Kiali's traces
 * endpoints (what the console answers), as zod schemas.
 *
 * Jaeger's UI JSON (`model/json` in jaegertracing/jaeger, copied by Kiali as
 * `tracing/jaeger/model/json`): a trace is `{traceID, spans, processes, warnings}`; a span names its
 * process by `processID`, a key of `processes`. Times (`startTime`, log `timestamp`) are
 * microseconds since the Unix epoch and `duration` is microseconds — never seconds or milliseconds.
 * Every query answer is Jaeger's envelope `{data, total, limit, offset, errors}`.
 *
 * Kiali answers the traces of an app, service or workload as `models.TracingResponse`
 * (`{data: trace[], errors, fromAllClusters?, tracingServiceName}`) and one trace as
 * `models.TracingSingleTrace` (`{data: trace, errors}`).
 */
import { z } from 'zod';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

/** Microseconds: a Jaeger time (since the epoch) or duration. */
export type Microseconds = number;

const micros = z.number().int().nonnegative();

/** Jaeger's typed tag. `int64` values arrive as JSON numbers (exact up to 2^53). */
export const jaegerKeyValueSchema = z.discriminatedUnion('type', [
  z.object({ key: z.string(), type: z.literal('string'), value: z.string() }),
  z.object({ key: z.string(), type: z.literal('bool'), value: z.boolean() }),
  z.object({ key: z.string(), type: z.literal('int64'), value: z.number() }),
  // Non-finite floats cannot be JSON numbers; Jaeger-compatible stores write Go's text for them.
  z.object({ key: z.string(), type: z.literal('float64'), value: z.union([z.number(), z.string()]) }),
  // Base64 of the bytes.
  z.object({ key: z.string(), type: z.literal('binary'), value: z.string() }),
]);
export type JaegerKeyValue = z.infer<typeof jaegerKeyValueSchema>;

export const jaegerReferenceSchema = z.object({
  refType: z.enum(['CHILD_OF', 'FOLLOWS_FROM']),
  traceID: z.string(),
  spanID: z.string(),
});
export type JaegerReference = z.infer<typeof jaegerReferenceSchema>;

export const jaegerLogSchema = z.object({
  /** Microseconds since the epoch. */
  timestamp: micros,
  fields: z.array(jaegerKeyValueSchema),
});
export type JaegerLog = z.infer<typeof jaegerLogSchema>;

export const jaegerProcessSchema = z.object({
  serviceName: z.string(),
  tags: z.array(jaegerKeyValueSchema),
});
export type JaegerProcess = z.infer<typeof jaegerProcessSchema>;

export const jaegerSpanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  /** Deprecated in Jaeger's model (the parent is the first CHILD_OF reference); rarely sent. */
  parentSpanID: z.string().optional(),
  flags: z.number().int().optional(),
  operationName: z.string(),
  references: z.array(jaegerReferenceSchema),
  /** Microseconds since the epoch. */
  startTime: micros,
  /** Microseconds. */
  duration: micros,
  tags: z.array(jaegerKeyValueSchema),
  logs: z.array(jaegerLogSchema),
  /** A key of the trace's `processes`. */
  processID: z.string(),
  warnings: z.array(z.string()).nullable(),
});
export type JaegerSpan = z.infer<typeof jaegerSpanSchema>;

export const jaegerTraceSchema = z.object({
  traceID: z.string(),
  spans: z.array(jaegerSpanSchema),
  processes: z.record(z.string(), jaegerProcessSchema),
  warnings: z.array(z.string()).nullable(),
});
export type JaegerTrace = z.infer<typeof jaegerTraceSchema>;

/** Jaeger's `structuredError`: `code` and `traceID` are left out when empty. */
export const jaegerStructuredErrorSchema = z.object({
  code: z.number().int().optional(),
  msg: z.string(),
  traceID: z.string().optional(),
});
export type JaegerStructuredError = z.infer<typeof jaegerStructuredErrorSchema>;

/** Jaeger's `structuredResponse` around any `data`. */
export function jaegerEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    data,
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    errors: z.array(jaegerStructuredErrorSchema).nullable(),
  });
}

/** `GET /api/services` and `GET /api/services/{service}/operations`. */
export const jaegerNamesResponseSchema = jaegerEnvelopeSchema(z.array(z.string()).nullable());
/** `GET /api/traces` and `GET /api/traces/{traceID}`. */
export const jaegerTracesResponseSchema = jaegerEnvelopeSchema(z.array(jaegerTraceSchema).nullable());
/** A refused request: Jaeger's 4xx/5xx body, `data` null and the reason in `errors`. */
export const jaegerErrorResponseSchema = jaegerEnvelopeSchema(z.null());

/** Kiali's `models.TracingResponse`: the traces of an app, service or workload. */
export const tracingResponseSchema = z.object({
  data: z.array(jaegerTraceSchema),
  /** Jaeger's errors for the query, passed through (null when none). */
  errors: z.array(jaegerStructuredErrorSchema).nullable(),
  /** True when the traces were not filtered by cluster (the `istio.cluster_id` tag). */
  fromAllClusters: z.boolean().optional(),
  /** The Jaeger service name queried (`<app>.<namespace>` or `<app>`). */
  tracingServiceName: z.string(),
});
export type TracingResponse = z.infer<typeof tracingResponseSchema>;

/** Kiali's `models.TracingSingleTrace`. */
export const tracingSingleTraceSchema = z.object({
  data: jaegerTraceSchema,
  errors: z.array(jaegerStructuredErrorSchema).nullable(),
});
export type TracingSingleTrace = z.infer<typeof tracingSingleTraceSchema>;

/** Kiali's `MaxTracingLimit`: a larger `limit` is lowered to it. */
export const MAX_TRACING_LIMIT = 10_000;
/** Kiali's default `limit`. */
export const DEFAULT_TRACING_LIMIT = 100;
/** The tag Kiali filters traces by cluster with. */
export const ISTIO_CLUSTER_TAG = 'istio.cluster_id';

/** The query parameters of Kiali's traces endpoints (its `ParseTracingQuery`). */
export const TRACING_QUERY_PARAMS = [
  'startMicros',
  'endMicros',
  'tags',
  'minDuration',
  'limit',
  'clusterName',
] as const;
export type TracingQueryParam = (typeof TRACING_QUERY_PARAMS)[number];

const integerText = z.string().regex(/^\d+$/);

const tracingQueryParams: readonly ApiParam[] = [
  {
    name: 'startMicros',
    in: 'query',
    description: 'Start of the time range, microseconds since the epoch. Default: the epoch (all traces).',
    schema: integerText,
  },
  {
    name: 'endMicros',
    in: 'query',
    description: 'End of the time range, microseconds since the epoch. Default: now.',
    schema: integerText,
  },
  {
    name: 'tags',
    in: 'query',
    description:
      'A JSON object of strings, e.g. `{"http.status_code":"500"}`: every tag must be on one span (span tag, process tag or log field).',
  },
  {
    name: 'minDuration',
    in: 'query',
    description: 'Smallest span duration, in microseconds.',
    schema: integerText,
  },
  {
    name: 'limit',
    in: 'query',
    description: `Most traces (before the service or workload filter), positive; default ${DEFAULT_TRACING_LIMIT}, at most ${MAX_TRACING_LIMIT} (a larger value is lowered).`,
    schema: integerText,
  },
  {
    name: 'clusterName',
    in: 'query',
    description:
      'The cluster whose traces are wanted (the `istio.cluster_id` tag); default: the home cluster.',
  },
];

const namespaceParam: ApiParam = {
  name: 'namespace',
  in: 'path',
  required: true,
  description: 'The namespace.',
};

function objectTracesEndpoint(kind: 'apps' | 'services' | 'workloads', what: string): ApiEndpoint {
  const param = kind === 'apps' ? 'app' : kind === 'services' ? 'service' : 'workload';
  return {
    method: 'get',
    path: `/api/namespaces/{namespace}/${kind}/{${param}}/traces`,
    tag: 'traces',
    summary: `Traces of ${what}`,
    description:
      "Kiali's traces of an object, read from Jaeger's query API for the Jaeger service of its app (`<app>.<namespace>` or `<app>`, per the server's naming option). " +
      (kind === 'services'
        ? 'A service whose app has another name keeps only traces with a span whose operation starts with `<service>.<namespace>`.'
        : kind === 'workloads'
          ? 'Only traces with a span from the workload are kept (its `node_id` tag, or a `hostname` span or process tag).'
          : ''),
    params: [
      namespaceParam,
      { name: param, in: 'path', required: true, description: `The ${param}.` },
      ...tracingQueryParams,
    ],
    responses: [
      { status: 200, description: 'The traces.', schema: tracingResponseSchema },
      { status: 400, description: 'A query parameter is invalid; `param` names it.' },
      { status: 404, description: `The namespace or ${param} does not exist.` },
      { status: 502, description: "Jaeger answered something that is not its API's answer." },
      { status: 503, description: 'Jaeger is unreachable; the message names its URL.' },
    ],
  };
}

export const tracesEndpoints: readonly ApiEndpoint[] = [
  objectTracesEndpoint('apps', 'an app'),
  objectTracesEndpoint('services', 'a service'),
  objectTracesEndpoint('workloads', 'a workload'),
  {
    method: 'get',
    path: '/api/traces/{traceID}',
    tag: 'traces',
    summary: 'One trace',
    description: "Kiali's trace details: the trace with every span, adjusted by Jaeger.",
    params: [
      {
        name: 'traceID',
        in: 'path',
        required: true,
        description: 'The trace id: 1 to 32 hexadecimal digits.',
        schema: z.string().regex(/^[0-9a-fA-F]{1,32}$/),
      },
    ],
    responses: [
      { status: 200, description: 'The trace.', schema: tracingSingleTraceSchema },
      { status: 400, description: 'The trace id is not 1 to 32 hexadecimal digits.' },
      { status: 404, description: 'No such trace.' },
      { status: 502, description: "Jaeger answered something that is not its API's answer." },
      { status: 503, description: 'Jaeger is unreachable; the message names its URL.' },
    ],
  },
];

/*
 * Trace search, as Jaeger UI's search form asks Jaeger: any service, an operation, tags, a span
 * duration range, a limit and a time window (`/api/tracing/…`).
 */

/** Jaeger UI's default `limit` of a search. */
export const DEFAULT_TRACE_SEARCH_LIMIT = 20;
/** Jaeger UI's default lookback: the last hour. */
export const DEFAULT_TRACE_SEARCH_LOOKBACK_US = 3_600_000_000;

/** The query parameters of `GET /api/tracing/traces`. */
export const TRACE_SEARCH_PARAMS = [
  'service',
  'operation',
  'tags',
  'minDuration',
  'maxDuration',
  'limit',
  'startMicros',
  'endMicros',
] as const;
export type TraceSearchParam = (typeof TRACE_SEARCH_PARAMS)[number];

/** `GET /api/tracing/services` and `GET /api/tracing/services/{service}/operations`: sorted names. */
export const tracingNamesResponseSchema = z.object({ data: z.array(z.string()) });
export type TracingNamesResponse = z.infer<typeof tracingNamesResponseSchema>;

/** `GET /api/tracing/traces`: Kiali's traces answer; `tracingServiceName` is the service searched. */
export const traceSearchResponseSchema = tracingResponseSchema;
export type TraceSearchResponse = TracingResponse;

/** Go's `time.ParseDuration` syntax (Jaeger's), e.g. `1.2s`, `1m30s`, `500us`. */
const goDurationText = z.string().regex(/^([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$/);

const traceSearchParams: readonly ApiParam[] = [
  {
    name: 'service',
    in: 'query',
    required: true,
    description: 'The Jaeger service name, e.g. `reviews.default`.',
  },
  {
    name: 'operation',
    in: 'query',
    description: 'Only traces with a span of this operation of the service; absent or empty: all.',
  },
  {
    name: 'tags',
    in: 'query',
    description:
      'A JSON object of strings, as Jaeger UI sends its logfmt `key=value` tags, e.g. `{"error":"true"}`: every tag must be on one span (span tag, process tag or log field).',
  },
  {
    name: 'minDuration',
    in: 'query',
    description: 'Smallest span duration, a Go duration such as `1.2s`, `100ms`, `500us`.',
    schema: goDurationText,
  },
  {
    name: 'maxDuration',
    in: 'query',
    description: 'Largest span duration, a Go duration; not below `minDuration`.',
    schema: goDurationText,
  },
  {
    name: 'limit',
    in: 'query',
    description: `Most traces, positive; default ${DEFAULT_TRACE_SEARCH_LIMIT}, at most ${MAX_TRACING_LIMIT} (a larger value is lowered).`,
    schema: integerText,
  },
  {
    name: 'startMicros',
    in: 'query',
    description: 'Start of the time range, µs since the epoch. Default: one hour before the end.',
    schema: integerText,
  },
  {
    name: 'endMicros',
    in: 'query',
    description: 'End of the time range, µs since the epoch. Default: now.',
    schema: integerText,
  },
];

const jaegerFailures = [
  { status: 502, description: "Jaeger answered something that is not its API's answer." },
  { status: 503, description: 'Jaeger is unreachable; the message names its URL.' },
] as const;

export const tracingSearchEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/tracing/services',
    tag: 'traces',
    summary: 'Services with traces',
    description:
      "Jaeger's service names (process `serviceName`s, `<app>.<namespace>` for Meshlens' sidecars), sorted.",
    params: [],
    responses: [
      { status: 200, description: 'The names.', schema: tracingNamesResponseSchema },
      ...jaegerFailures,
    ],
  },
  {
    method: 'get',
    path: '/api/tracing/services/{service}/operations',
    tag: 'traces',
    summary: 'Operations of a service',
    description: "Jaeger's operation names of one service, sorted; none for a service Jaeger does not know.",
    params: [{ name: 'service', in: 'path', required: true, description: 'The Jaeger service name.' }],
    responses: [
      { status: 200, description: 'The names.', schema: tracingNamesResponseSchema },
      ...jaegerFailures,
    ],
  },
  {
    method: 'get',
    path: '/api/tracing/traces',
    tag: 'traces',
    summary: 'Search traces',
    description:
      "Jaeger UI's trace search: whole traces with a span of the service (and operation) started in the time range, within the duration range and carrying every tag; newest first.",
    params: traceSearchParams,
    responses: [
      { status: 200, description: 'The traces.', schema: traceSearchResponseSchema },
      { status: 400, description: 'A query parameter is missing or invalid; `param` names it.' },
      ...jaegerFailures,
    ],
  },
];
