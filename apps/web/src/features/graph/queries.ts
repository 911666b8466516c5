/**
 * TanStack Query key and option factories for the graph page: the namespace graph, the node
 * graphs, the namespace list and the trace a "show on graph" link highlights. Graph reads poll at the shared refresh interval and keep the
 * previous answer while the next one loads, so a refresh never blanks the canvas.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AppenderName, GraphType } from '@meshlens/mesh-core/graph';
import { APPENDER_NAMES, graphJsonSchema } from '@meshlens/mesh-core/graph';
import { namespaceListSchema } from '@meshlens/mesh-core/api/inventory';
import { tracingSingleTraceSchema } from '@meshlens/mesh-core/api/traces';
import { apiPath, fetchJson } from '../../api/http.ts';
import type { GraphTarget } from './node-graph.ts';
import { targetApiPath } from './node-graph.ts';
import type { ResponseTimeStat } from './url.ts';
import { RESPONSE_TIME_QUERY } from './url.ts';

export interface GraphRequest {
  readonly target: GraphTarget;
  /** The namespaces of a namespace graph (ignored for node graphs, whose path names theirs). */
  readonly namespaces: readonly string[];
  readonly graphType: GraphType;
  readonly durationSec: number;
  readonly boxNamespace: boolean;
  readonly idleNodes: boolean;
  readonly idleEdges: boolean;
  readonly injectServiceNodes: boolean;
  readonly responseTimeStat: ResponseTimeStat;
}

/** Every appender (so the list always has response times, throughput and mTLS), idle nodes on request. */
export function graphAppenders(idleNodes: boolean): AppenderName[] {
  return APPENDER_NAMES.filter((a) => idleNodes || a !== 'idleNode');
}

/** The request's path and query string, with Kiali's parameter names. */
export function graphRequestPath(r: GraphRequest): string {
  return apiPath(targetApiPath(r.target), {
    namespaces: r.target.kind === 'namespaces' ? r.namespaces.join(',') : undefined,
    graphType: r.graphType,
    duration: `${r.durationSec}s`,
    boxBy: r.boxNamespace ? 'namespace' : undefined,
    includeIdleEdges: r.idleEdges,
    injectServiceNodes: r.injectServiceNodes,
    responseTime: RESPONSE_TIME_QUERY[r.responseTimeStat],
    appenders: graphAppenders(r.idleNodes).join(','),
  });
}

export const graphKeys = {
  all: ['graph'] as const,
  graph: (r: GraphRequest) => [...graphKeys.all, graphRequestPath(r)] as const,
  namespaces: () => ['namespaces'] as const,
};

export function graphQueryOptions(r: GraphRequest, refreshMs: number) {
  const enabled = r.target.kind !== 'namespaces' || r.namespaces.length > 0;
  return queryOptions({
    queryKey: graphKeys.graph(r),
    queryFn: ({ signal }) => fetchJson(graphRequestPath(r), graphJsonSchema, { signal }),
    enabled,
    refetchInterval: refreshMs || false,
    placeholderData: keepPreviousData,
  });
}

export function namespacesQueryOptions() {
  return queryOptions({
    queryKey: graphKeys.namespaces(),
    queryFn: ({ signal }) => fetchJson('/api/namespaces', namespaceListSchema, { signal }),
    staleTime: 60_000,
  });
}

/** The trace a `trace=` link highlights (Kiali's trace endpoint); a trace does not change. */
export function graphTraceQueryOptions(traceId: string | undefined) {
  return queryOptions({
    queryKey: ['graph', 'trace', traceId ?? ''] as const,
    queryFn: ({ signal }) =>
      fetchJson(`/api/traces/${encodeURIComponent(traceId ?? '')}`, tracingSingleTraceSchema, { signal }),
    enabled: traceId !== undefined,
    staleTime: Infinity,
  });
}
