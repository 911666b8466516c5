/**
 * The sidecar's telemetry runtime: Istio's standard metrics and Envoy-named proxy counters in a
 * prom-client registry, Envoy-like spans exported over OTLP/HTTP, and Istio's access-log lines
 * written in batches. The pure parts (metric definitions, labels, flags, log format) live in
 * `@meshlens/mesh-core/telemetry`.
 */
export * from './metrics.ts';
export * from './tracing.ts';
export * from './access-log-writer.ts';
export { ENVOY_TAGS, ISTIO_TAGS } from './span-tags.ts';
export { PROPAGATION_HEADERS } from './trace-context.ts';
export type { IncomingFormat, OutgoingHeaders } from './trace-context.ts';
