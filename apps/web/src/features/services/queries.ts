/** TanStack Query options of the services list (Kiali's `/api/clusters/services`). */
import { serviceListSchema } from '@meshlens/mesh-core/api/inventory';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const serviceKeys = {
  list: (namespaces: readonly string[], durationSec: number) =>
    ['services', 'list', [...namespaces].sort(), durationSec] as const,
};

export function serviceListQuery(namespaces: readonly string[], durationSec: number) {
  return queryOptions({
    queryKey: serviceKeys.list(namespaces, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath('/api/clusters/services', {
          namespaces: namespaces.join(','),
          health: true,
          istioResources: true,
          rateInterval: `${durationSec}s`,
        }),
        serviceListSchema,
        { signal },
      ),
  });
}
