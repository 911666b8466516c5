/**
 * What the graph's query plan is made of: one query per id with the metric it measures, the
 * label sets Kiali groups by, and the rounding Kiali wraps around every graph query.
 */
import type { GraphOptions } from './model.ts';
import type { PromExpr } from './promql.ts';
import { call, num } from './promql.ts';

export const GRAPH_QUERY_PURPOSES = ['traffic', 'responseTime', 'securityPolicy', 'throughput'] as const;
export type GraphQueryPurpose = (typeof GRAPH_QUERY_PURPOSES)[number];

/** One instant query the server runs at `queryTimeSec`; its samples come back under `id`. */
export interface GraphQuery {
  readonly id: string;
  readonly namespace: string;
  readonly purpose: GraphQueryPurpose;
  /** The metric the samples measure; the builder derives the protocol from it. */
  readonly metric: string;
  readonly expr: PromExpr;
}

export const REQUESTS_METRIC = 'istio_requests_total';

const PEER_GROUP_BY = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
] as const;

export const REQUESTS_GROUP_BY = [
  ...PEER_GROUP_BY,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
] as const;
export const GRPC_MESSAGES_GROUP_BY = PEER_GROUP_BY;
export const TCP_GROUP_BY = ['app', ...PEER_GROUP_BY, 'response_flags'] as const;

/** Kiali rounds every graph query to 0.001, as its metrics API does. */
export function roundGraphQuery(expr: PromExpr): PromExpr {
  return call('round', expr, num(0.001));
}

/** Whether Kiali runs an appender for this request (all appenders when none are named). */
export function appenderRequested(options: Pick<GraphOptions, 'appenders'>, name: string): boolean {
  return options.appenders === 'all' || (options.appenders as readonly string[]).includes(name);
}
