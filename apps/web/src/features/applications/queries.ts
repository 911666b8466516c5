/** TanStack Query options of the applications list (Kiali's `/api/clusters/apps`). */
import { appListSchema } from '@meshlens/mesh-core/api/inventory';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const appKeys = {
  list: (namespaces: readonly string[], durationSec: number) =>
    ['apps', 'list', [...namespaces].sort(), durationSec] as const,
};

export function appListQuery(namespaces: readonly string[], durationSec: number) {
  return queryOptions({
    queryKey: appKeys.list(namespaces, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath('/api/clusters/apps', {
          namespaces: namespaces.join(','),
          health: true,
          istioResources: true,
          rateInterval: `${durationSec}s`,
        }),
        appListSchema,
        { signal },
      ),
  });
}
