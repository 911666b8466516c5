/**
 * "Show on graph" on the graph page: the `trace` URL parameter's trace, fetched once, placed on
 * the current graph by mesh-core's `traceGraphPath` (recomputed when the graph refreshes or its
 * type changes), and a way to clear it.
 */
import type { TraceGraphPath } from '@meshlens/mesh-core/traces';
import { traceGraphPath } from '@meshlens/mesh-core/traces';
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { graphTraceQueryOptions } from './queries.ts';
import { readTraceParam, withoutTrace } from './url.ts';

export interface TraceHighlight {
  readonly traceId: string;
  /** Undefined while the trace loads or when it cannot be had. */
  readonly path: TraceGraphPath | undefined;
  /** Node and edge ids on the path, for the canvas and the tables. */
  readonly elements: ReadonlySet<string> | undefined;
  readonly error: Error | null;
  readonly clear: () => void;
}

export function useTraceHighlight(graph: GraphJson | undefined): TraceHighlight | undefined {
  const [params, setParams] = useSearchParams();
  const traceId = readTraceParam(params);
  const query = useQuery(graphTraceQueryOptions(traceId));
  const trace = query.data?.data;
  const path = useMemo(
    () => (trace === undefined || graph === undefined ? undefined : traceGraphPath(trace, graph)),
    [trace, graph],
  );
  const elements = useMemo(
    () => (path === undefined ? undefined : new Set([...path.nodeIds, ...path.edgeIds])),
    [path],
  );
  const clear = useCallback(() => {
    setParams((prev) => withoutTrace(prev), { replace: true });
  }, [setParams]);
  if (traceId === undefined) return undefined;
  return { traceId, path, elements, error: query.error, clear };
}
