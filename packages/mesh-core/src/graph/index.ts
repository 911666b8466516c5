/**
 * Kiali's traffic graph, as pure functions: the Prometheus queries a namespace graph needs
 * (`planGraphQueries`, rendered with `renderPromQL`), and the graph built from their results
 * and the registry (`buildGraph`) in Kiali's cytoscape JSON. The server runs the queries; the
 * console parses the JSON with `graphJsonSchema`.
 *
 * Appender order (Kiali's): namespace appenders deadNode, responseTime, securityPolicy,
 * throughput, idleNode, istio, meshCheck on each namespace's map; then finalizers outsider,
 * health, trafficGenerator on the merged graph; then service-graph reduction.
 */
export * from './model.ts';
export * from './options.ts';
export * from './promql.ts';
export type { PromSample } from './prom-sample.ts';
export * from './query-plan.ts';
export {
  namespaceSafeDurationSec,
  namespaceTrafficQueries,
  planGraphQueries,
  renderGraphQueries,
} from './queries.ts';
export { buildGraph, NAMESPACE_APPENDERS } from './build.ts';
export { GRAPH_NODE_KINDS, nodeTrafficQueries, planNodeGraphQueries } from './node-graph.ts';
export type { GraphNodeKind, GraphNodeTarget } from './node-graph.ts';
export type { GraphBuildInput, GraphBuildResult } from './build.ts';
export type { PopulateStats } from './populate.ts';
export { formatRate } from './cytoscape.ts';
export { sha256Hex } from './sha256.ts';
export * from './wire.ts';
