/** TanStack Query options of the mesh's own status and its proxies' sync. */
import { meshProxiesSchema, meshStatusSchema } from '@meshlens/mesh-core/api/mesh-status';
import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../../api/http.ts';

/** The banner polls this often whatever the page's refresh: a backend going down must show. */
export const MESH_STATUS_POLL_MS = 15_000;

export const meshKeys = {
  status: () => ['mesh', 'status'] as const,
  proxies: () => ['mesh', 'proxies'] as const,
};

export function meshStatusQuery() {
  return queryOptions({
    queryKey: meshKeys.status(),
    queryFn: ({ signal }) => fetchJson('/api/mesh/status', meshStatusSchema, { signal }),
  });
}

export function meshProxiesQuery() {
  return queryOptions({
    queryKey: meshKeys.proxies(),
    queryFn: ({ signal }) => fetchJson('/api/mesh/proxies', meshProxiesSchema, { signal }),
  });
}
