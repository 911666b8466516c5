/** TanStack Query options of the trace view: one trace by id (`GET /api/traces/{traceID}`). */
import { tracingSingleTraceSchema } from '@meshlens/mesh-core/api/traces';
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../../api/http.ts';

export const traceViewKeys = {
  trace: (traceId: string) => ['traces', 'trace', traceId.toLowerCase()] as const,
};

export function traceQuery(traceId: string) {
  return queryOptions({
    queryKey: traceViewKeys.trace(traceId),
    queryFn: ({ signal }) =>
      fetchJson(`/api/traces/${encodeURIComponent(traceId)}`, tracingSingleTraceSchema, { signal }),
    // A trace hardly changes once read; spans still arriving show on a reload.
    staleTime: 60_000,
  });
}
