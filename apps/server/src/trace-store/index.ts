/** The embedded trace store: OTLP/HTTP in, Jaeger's query API out, over SQLite. */
export type { RunningTraceStore, TraceStoreServerOptions } from './server.ts';
export { startTraceStore } from './server.ts';
export type { DependencyLink, OperationEntry, TraceQuery, TraceStoreOptions } from './store.ts';
export { TraceStore } from './store.ts';
export type { RetentionOptions } from './retention.ts';
export { DEFAULT_RETENTION } from './retention.ts';
export { createJaegerQueryRouter } from './jaeger-api.ts';
export { createOtlpReceiverRouter } from './otlp-receiver.ts';
