/**
 * TanStack Query options of the detail pages: the object (with validations), its health, the
 * namespace's app list (the app page's linked config) and the node-detail traffic graph.
 */
import {
  appDetailsSchema,
  appListSchema,
  serviceDetailsSchema,
  workloadDetailsSchema,
} from '@meshlens/mesh-core/api/inventory';
import { appHealthSchema, serviceHealthSchema, workloadHealthSchema } from '@meshlens/mesh-core/health';
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';

export const DETAIL_KINDS = ['app', 'workload', 'service'] as const;
export type DetailKind = (typeof DETAIL_KINDS)[number];

/** The API's path segment of each kind (`/apps/`, and `/applications/` for the node graph). */
const API_PLURAL: Readonly<Record<DetailKind, string>> = {
  app: 'apps',
  workload: 'workloads',
  service: 'services',
};
const GRAPH_PLURAL: Readonly<Record<DetailKind, string>> = {
  app: 'applications',
  workload: 'workloads',
  service: 'services',
};

export interface DetailTarget {
  readonly kind: DetailKind;
  readonly namespace: string;
  readonly name: string;
}

const seg = encodeURIComponent;
const objectPath = (t: DetailTarget, plural = API_PLURAL[t.kind]) =>
  `/api/namespaces/${seg(t.namespace)}/${plural}/${seg(t.name)}`;

export const detailKeys = {
  object: (t: DetailTarget) => ['details', t.kind, t.namespace, t.name] as const,
  health: (t: DetailTarget, durationSec: number) =>
    ['details', t.kind, t.namespace, t.name, 'health', durationSec] as const,
  graph: (t: DetailTarget, durationSec: number) =>
    ['details', t.kind, t.namespace, t.name, 'graph', durationSec] as const,
  namespaceApps: (namespace: string) => ['details', 'namespace-apps', namespace] as const,
};

// Health comes from its own endpoint (polled with the page), so the objects are asked without it.
export function appDetailsQuery(namespace: string, app: string) {
  const t: DetailTarget = { kind: 'app', namespace, name: app };
  return queryOptions({
    queryKey: detailKeys.object(t),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(objectPath(t), { health: false }), appDetailsSchema, { signal }),
  });
}

export function workloadDetailsQuery(namespace: string, workload: string) {
  const t: DetailTarget = { kind: 'workload', namespace, name: workload };
  return queryOptions({
    queryKey: detailKeys.object(t),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(objectPath(t), { health: false, validate: true }), workloadDetailsSchema, { signal }),
  });
}

export function serviceDetailsQuery(namespace: string, service: string) {
  const t: DetailTarget = { kind: 'service', namespace, name: service };
  return queryOptions({
    queryKey: detailKeys.object(t),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(objectPath(t), { health: false, validate: true }), serviceDetailsSchema, { signal }),
  });
}

const HEALTH_SCHEMAS = {
  app: appHealthSchema,
  workload: workloadHealthSchema,
  service: serviceHealthSchema,
} as const;

export function appHealthQuery(namespace: string, app: string, durationSec: number) {
  const t: DetailTarget = { kind: 'app', namespace, name: app };
  return queryOptions({
    queryKey: detailKeys.health(t, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(`${objectPath(t)}/health`, { rateInterval: `${durationSec}s` }), HEALTH_SCHEMAS.app, {
        signal,
      }),
  });
}

export function workloadHealthQuery(namespace: string, workload: string, durationSec: number) {
  const t: DetailTarget = { kind: 'workload', namespace, name: workload };
  return queryOptions({
    queryKey: detailKeys.health(t, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`${objectPath(t)}/health`, { rateInterval: `${durationSec}s` }),
        HEALTH_SCHEMAS.workload,
        {
          signal,
        },
      ),
  });
}

export function serviceHealthQuery(namespace: string, service: string, durationSec: number) {
  const t: DetailTarget = { kind: 'service', namespace, name: service };
  return queryOptions({
    queryKey: detailKeys.health(t, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`${objectPath(t)}/health`, { rateInterval: `${durationSec}s` }),
        HEALTH_SCHEMAS.service,
        {
          signal,
        },
      ),
  });
}

/** The namespace's apps with their Istio references (the app details answer has none). */
export function namespaceAppsQuery(namespace: string) {
  return queryOptions({
    queryKey: detailKeys.namespaceApps(namespace),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`/api/namespaces/${seg(namespace)}/apps`, { health: false, istioResources: true }),
        appListSchema,
        { signal },
      ),
  });
}

/** Kiali's node-detail graph of the object, workload granularity, as TrafficDetails asks it. */
export function nodeGraphQuery(t: DetailTarget, durationSec: number) {
  return queryOptions({
    queryKey: detailKeys.graph(t, durationSec),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`${objectPath(t, GRAPH_PLURAL[t.kind])}/graph`, {
          graphType: 'workload',
          duration: `${durationSec}s`,
          injectServiceNodes: true,
          appenders: 'health,responseTime,throughput',
        }),
        graphJsonSchema,
        { signal },
      ),
  });
}
