/**
 * Kiali's metrics API as pure logic: its parameters read into a typed query, the PromQL range
 * queries for each metric, the range bounded to the namespace's lifetime, and Prometheus matrices
 * turned into Kiali's JSON. The wire schemas and endpoints are in `../api/metrics.ts`.
 */
export * from './definitions.ts';
export * from './params.ts';
export * from './range.ts';
export * from './queries.ts';
export * from './convert.ts';
