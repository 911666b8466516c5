/** TanStack Query options of the trace view: one trace by id (`GET /api/traces/{traceID}`). */
import { tracingSingleTraceSchema } from '@meshlens/mesh-core/api/traces';
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../../api/http.ts';
import { takePrefetchedTrace, tracePath } from './prefetch.ts';

export const traceViewKeys = {
  trace: (traceId: string) => ['traces', 'trace', traceId.toLowerCase()] as const,
};

export function traceQuery(traceId: string) {
  return queryOptions({
    queryKey: traceViewKeys.trace(traceId),
    queryFn: ({ signal }) => {
      const started = takePrefetchedTrace(traceId);
      return fetchJson(tracePath(traceId), tracingSingleTraceSchema, {
        signal,
        ...(started === undefined ? {} : { started }),
      });
    },
    // A trace hardly changes once read; spans still arriving show on a reload.
    staleTime: 60_000,
  });
}
