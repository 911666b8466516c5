/** TanStack Query keys and options of the Istio config list and the validation summary. */
import { istioConfigListSchema, validationSummariesSchema } from '@meshlens/mesh-core/api/istio-config';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const istioKeys = {
  all: ['istio'] as const,
  config: (namespaces: readonly string[]) => ['istio', 'config', [...namespaces].sort()] as const,
  summary: () => ['istio', 'validations'] as const,
};

/** The config of the namespaces (every namespace when none), with validations. */
export function istioConfigQuery(namespaces: readonly string[]) {
  return queryOptions({
    queryKey: istioKeys.config(namespaces),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath('/api/istio/config', { namespaces: namespaces.join(','), validate: true }),
        istioConfigListSchema,
        { signal },
      ),
  });
}

/** Errors and warnings per namespace (Kiali's validation summary). */
export function validationSummaryQuery() {
  return queryOptions({
    queryKey: istioKeys.summary(),
    queryFn: ({ signal }) => fetchJson('/api/istio/validations', validationSummariesSchema, { signal }),
  });
}
