/**
 * Telemetry as pure data and functions: Envoy's response flags and local replies, Istio's standard
 * metrics and label values, the peer-metadata exchange and Istio's default access-log line. The
 * proxy and the server feed these to their own I/O (prom-client, stdout, OTLP).
 */
export * from './response-flags.ts';
export * from './local-replies.ts';
export * from './peer-metadata.ts';
export * from './metrics.ts';
export * from './metric-labels.ts';
export * from './access-log.ts';
