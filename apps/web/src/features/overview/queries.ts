/** TanStack Query options of the Overview: namespaces, their health, mTLS and inbound traffic. */
import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import { clustersTlsSchema, mtlsStatusSchema, namespaceListSchema } from '@meshlens/mesh-core/api/inventory';
import { clustersHealthSchema } from '@meshlens/mesh-core/health';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const HEALTH_TYPES = ['app', 'service', 'workload'] as const;
export type HealthType = (typeof HEALTH_TYPES)[number];

const sorted = (namespaces: readonly string[]) => [...namespaces].sort();

export const overviewKeys = {
  namespaces: () => ['namespaces'] as const,
  health: (namespaces: readonly string[], type: HealthType, durationSec: number) =>
    ['overview', 'health', sorted(namespaces), type, durationSec] as const,
  tls: (namespaces: readonly string[]) => ['overview', 'tls', sorted(namespaces)] as const,
  meshTls: () => ['overview', 'mesh-tls'] as const,
  traffic: (namespace: string, durationSec: number) =>
    ['overview', 'traffic', namespace, durationSec] as const,
};

export function namespacesQuery() {
  return queryOptions({
    queryKey: overviewKeys.namespaces(),
    queryFn: ({ signal }) => fetchJson('/api/namespaces', namespaceListSchema, { signal }),
  });
}

export function clustersHealthQuery(namespaces: readonly string[], type: HealthType, durationSec: number) {
  return queryOptions({
    queryKey: overviewKeys.health(namespaces, type, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath('/api/clusters/health', {
          namespaces: namespaces.join(','),
          type,
          rateInterval: `${durationSec}s`,
        }),
        clustersHealthSchema,
        { signal },
      ),
  });
}

export function clustersTlsQuery(namespaces: readonly string[]) {
  return queryOptions({
    queryKey: overviewKeys.tls(namespaces),
    queryFn: ({ signal }) =>
      fetchJson(apiPath('/api/clusters/tls', { namespaces: namespaces.join(',') }), clustersTlsSchema, {
        signal,
      }),
  });
}

export function meshTlsQuery() {
  return queryOptions({
    queryKey: overviewKeys.meshTls(),
    queryFn: ({ signal }) => fetchJson('/api/mesh/tls', mtlsStatusSchema, { signal }),
  });
}

/** Kiali's overview sparkline: the namespace's inbound request rate, ~30 points over the range. */
export function inboundTrafficQuery(namespace: string, durationSec: number) {
  const step = Math.max(1, Math.round(durationSec / 30));
  return queryOptions({
    queryKey: overviewKeys.traffic(namespace, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`/api/namespaces/${encodeURIComponent(namespace)}/metrics`, {
          'filters[]': 'request_count',
          direction: 'inbound',
          reporter: 'destination',
          duration: durationSec,
          step,
        }),
        metricsMapSchema,
        { signal },
      ),
  });
}
