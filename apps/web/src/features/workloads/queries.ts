/** TanStack Query options of the workloads list (Kiali's `/api/clusters/workloads`). */
import { workloadListSchema } from '@meshlens/mesh-core/api/inventory';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const workloadKeys = {
  list: (namespaces: readonly string[], durationSec: number) =>
    ['workloads', 'list', [...namespaces].sort(), durationSec] as const,
};

export function workloadListQuery(namespaces: readonly string[], durationSec: number) {
  return queryOptions({
    queryKey: workloadKeys.list(namespaces, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath('/api/clusters/workloads', {
          namespaces: namespaces.join(','),
          health: true,
          istioResources: true,
          rateInterval: `${durationSec}s`,
        }),
        workloadListSchema,
        { signal },
      ),
  });
}
