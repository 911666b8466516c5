/**
 * TanStack Query key and option factories for trace search: Jaeger's services and operations,
 * a search, and the traces of an app, service or workload (Kiali's endpoints).
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  traceSearchResponseSchema,
  tracingNamesResponseSchema,
  tracingResponseSchema,
} from '@meshlens/mesh-core/api/traces';
import { apiPath, fetchJson } from '../../../api/http.ts';

export type TracedObjectKind = 'apps' | 'services' | 'workloads';

export type QueryValues = Readonly<Record<string, string | number | undefined>>;

export const tracingKeys = {
  all: ['tracing'] as const,
  services: () => [...tracingKeys.all, 'services'] as const,
  operations: (service: string) => [...tracingKeys.all, 'operations', service] as const,
  search: (query: QueryValues) => [...tracingKeys.all, 'search', query] as const,
  objectTraces: (namespace: string, kind: TracedObjectKind, name: string, query: QueryValues) =>
    [...tracingKeys.all, 'object', namespace, kind, name, query] as const,
};

export function tracingServicesQueryOptions() {
  return queryOptions({
    queryKey: tracingKeys.services(),
    queryFn: ({ signal }) => fetchJson('/api/tracing/services', tracingNamesResponseSchema, { signal }),
    staleTime: 30_000,
  });
}

export function tracingOperationsQueryOptions(service: string) {
  return queryOptions({
    queryKey: tracingKeys.operations(service),
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/tracing/services/${encodeURIComponent(service)}/operations`,
        tracingNamesResponseSchema,
        { signal },
      ),
    enabled: service !== '',
    staleTime: 30_000,
  });
}

/** A search; `query` is undefined until there is a search to run. */
export function traceSearchQueryOptions(query: QueryValues | undefined) {
  return queryOptions({
    queryKey: tracingKeys.search(query ?? {}),
    queryFn: ({ signal }) =>
      fetchJson(apiPath('/api/tracing/traces', query ?? {}), traceSearchResponseSchema, { signal }),
    enabled: query !== undefined,
    // A search is a snapshot: it is repeated by "Find Traces", not by focus or a timer.
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

/**
 * The traces of an object over the last `durationSec` (the start is computed when the request is
 * sent, so the key stays put and a refresh moves the window).
 */
export function objectTracesQueryOptions(options: {
  readonly namespace: string;
  readonly kind: TracedObjectKind;
  readonly name: string;
  readonly durationSec: number;
  readonly query: QueryValues;
  readonly refreshMs?: number;
}) {
  const { namespace, kind, name, durationSec, query } = options;
  const path = `/api/namespaces/${encodeURIComponent(namespace)}/${kind}/${encodeURIComponent(name)}/traces`;
  return queryOptions({
    queryKey: tracingKeys.objectTraces(namespace, kind, name, { ...query, durationSec }),
    queryFn: ({ signal }) => {
      const startMicros = (Date.now() - durationSec * 1000) * 1000;
      return fetchJson(apiPath(path, { ...query, startMicros }), tracingResponseSchema, { signal });
    },
    refetchInterval: options.refreshMs || false,
    placeholderData: keepPreviousData,
  });
}
