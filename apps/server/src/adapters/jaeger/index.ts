/** Jaeger's HTTP query API for the console: the `JaegerApi` port and its HTTP client. */
export type { JaegerApi, JaegerTraceQuery, JaegerTraces } from './jaeger-api.ts';
export { normalTraceId, traceNotFoundMessage } from './jaeger-api.ts';
export type { JaegerClientOptions } from './jaeger-client.ts';
export { DEFAULT_JAEGER_TIMEOUT_MS, createJaegerClient, traceSearchParams } from './jaeger-client.ts';
