/**
 * Health of single objects (Kiali's `GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/
 * health`) and of the objects of list pages. Both run Kiali's namespace health queries for the
 * kind at the query time, with the rate interval shortened to the namespace's lifetime as Kiali's
 * `adjustRateInterval` does, and compute health with mesh-core's `clustersHealth` over the
 * inventory the cluster health endpoint uses (`buildGraphInventory`), so every page shows the
 * same numbers for an object. The list and detail services share its request shapes, its
 * namespace checks (404 naming the namespace or object) and its list order.
 */
import type {
  AppHealth,
  ClustersHealth,
  HealthKind,
  NamespaceAppHealth,
  NamespaceHealthInput,
  NamespaceServiceHealth,
  NamespaceWorkloadHealth,
  ServiceHealth,
  WorkloadHealth,
} from '@meshlens/mesh-core/health';
import {
  HealthToleranceMatcher,
  appLabelOf,
  clustersHealth,
  namespaceHealthQueries,
} from '@meshlens/mesh-core/health';
import { namespaceSafeDurationSec } from '@meshlens/mesh-core/graph';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import { buildGraphInventory, meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshState, MeshStateSource } from '../inventory/mesh-state.ts';
import { runInstantQueries } from './instant-queries.ts';

/** The window health rates are read over. */
export interface HealthWindow {
  readonly rateIntervalSec: number;
  readonly queryTimeSec: number;
}

export interface ObjectRequest extends HealthWindow {
  readonly namespace: string;
  readonly name: string;
}

export interface ObjectHealthDeps {
  readonly prometheus: Pick<PrometheusApi, 'queryVector'>;
  readonly mesh: MeshStateSource;
}

/** Kiali's `adjustRateInterval`: not reaching before the namespace existed. */
export function namespaceRateIntervalSec(state: MeshState, namespace: string, window: HealthWindow): number {
  const createdSec = state.namespaceCreatedSec.get(namespace);
  if (createdSec === undefined) return window.rateIntervalSec;
  return (
    namespaceSafeDurationSec({
      requestedSec: window.rateIntervalSec,
      queryTimeSec: window.queryTimeSec,
      createdSec,
    }) ?? window.rateIntervalSec
  );
}

/** Health of every object of `kind` in `namespaces`, as `GET /api/clusters/health` shapes it. */
export async function namespacesHealth(
  prometheus: Pick<PrometheusApi, 'queryVector'>,
  state: MeshState,
  request: { readonly namespaces: readonly string[]; readonly kind: HealthKind } & HealthWindow,
): Promise<ClustersHealth> {
  const queries = request.namespaces.flatMap((namespace) =>
    namespaceHealthQueries({
      namespace,
      kind: request.kind,
      rateIntervalSec: namespaceRateIntervalSec(state, namespace, request),
    }),
  );
  const results = await runInstantQueries(prometheus, queries, request.queryTimeSec);
  const inventory = buildGraphInventory(state);
  const tolerances = new HealthToleranceMatcher(inventory.healthRates);
  return clustersHealth(
    request.kind,
    request.namespaces.map((namespace): NamespaceHealthInput => ({
      namespace,
      samples: queries.filter((q) => q.namespace === namespace).flatMap((q) => results.get(q.id) ?? []),
      workloads: inventory.workloads.filter((w) => w.namespace === namespace),
      services: inventory.services.filter((s) => s.namespace === namespace),
      tolerances,
    })),
  );
}

/** A list page's request: one namespace (its path) or several (`namespaces`; none: all). */
export interface ListRequest extends HealthWindow {
  /** The namespace of a `/api/namespaces/{namespace}/...` path. */
  readonly namespace?: string;
  readonly namespaces: readonly string[];
  readonly health: boolean;
  readonly istioResources: boolean;
}

/** A detail page's request. */
export interface DetailRequest extends ObjectRequest {
  readonly health: boolean;
  readonly validate: boolean;
}

/** The namespaces a list covers, each checked: a 404 naming the first the mesh does not have. */
export function listNamespaces(state: MeshState, request: ListRequest): string[] {
  if (request.namespace !== undefined) {
    requireNamespace(state, request.namespace);
    return [request.namespace];
  }
  const known = meshNamespaces(state);
  const names = request.namespaces.length === 0 ? known : [...new Set(request.namespaces)];
  for (const ns of names) if (!known.includes(ns)) throw unknownNamespace(ns);
  return names;
}

/** List order: by namespace, then name (Kiali's lists are sorted the same way by default). */
export function byNamespaceAndName(
  a: { readonly namespace: string; readonly name: string },
  b: { readonly namespace: string; readonly name: string },
): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** The namespace named in a path: a 404 naming it when the mesh has none such. */
export function requireNamespace(state: MeshState, namespace: string): void {
  if (!meshNamespaces(state).includes(namespace)) throw unknownNamespace(namespace, 'namespace');
}

const OBJECT_KINDS = { app: 'App', workload: 'Workload', service: 'Service' } as const;

/** An object named in a path that its namespace does not have. */
export function unknownObject(
  kind: (typeof OBJECT_KINDS)[HealthKind],
  name: string,
  namespace: string,
): ConsoleError {
  return new ConsoleError('not-found', `${kind} [${name}] does not exist in namespace [${namespace}].`, {
    param: kind.toLowerCase(),
  });
}

/** The health maps of one namespace, as `namespacesHealth` computed them. */
export function appHealthMap(health: ClustersHealth, namespace: string): NamespaceAppHealth {
  return 'namespaceAppHealth' in health ? (health.namespaceAppHealth[namespace] ?? {}) : {};
}
export function workloadHealthMap(health: ClustersHealth, namespace: string): NamespaceWorkloadHealth {
  return 'namespaceWorkloadHealth' in health ? (health.namespaceWorkloadHealth[namespace] ?? {}) : {};
}
export function serviceHealthMap(health: ClustersHealth, namespace: string): NamespaceServiceHealth {
  return 'namespaceServiceHealth' in health ? (health.namespaceServiceHealth[namespace] ?? {}) : {};
}

function found<T>(value: T | undefined, namespace: string, name: string): T {
  // Health is computed for every object of the registry: a miss is a bug, not a 404.
  if (value === undefined)
    throw new ConsoleError('internal', `no health computed for [${namespace}/${name}]`);
  return value;
}

export interface ObjectHealthService {
  appHealth(request: ObjectRequest): Promise<AppHealth>;
  workloadHealth(request: ObjectRequest): Promise<WorkloadHealth>;
  serviceHealth(request: ObjectRequest): Promise<ServiceHealth>;
}

export function createObjectHealthService(deps: ObjectHealthDeps): ObjectHealthService {
  async function healthOf(kind: HealthKind, request: ObjectRequest, exists: (state: MeshState) => boolean) {
    const state = await deps.mesh.read();
    requireNamespace(state, request.namespace);
    if (!exists(state)) throw unknownObject(OBJECT_KINDS[kind], request.name, request.namespace);
    return namespacesHealth(deps.prometheus, state, { ...request, namespaces: [request.namespace], kind });
  }
  return {
    async appHealth(request) {
      const { namespace, name } = request;
      const health = await healthOf('app', request, (state) =>
        state.registry.workloads.some((w) => w.namespace === namespace && appLabelOf(w.labels) === name),
      );
      return found(appHealthMap(health, namespace)[name], namespace, name);
    },
    async workloadHealth(request) {
      const { namespace, name } = request;
      const health = await healthOf('workload', request, (state) =>
        state.registry.workloads.some((w) => w.namespace === namespace && w.name === name),
      );
      return found(workloadHealthMap(health, namespace)[name], namespace, name);
    },
    async serviceHealth(request) {
      const { namespace, name } = request;
      const health = await healthOf('service', request, (state) =>
        state.registry.services.some((s) => s.namespace === namespace && s.name === name),
      );
      return found(serviceHealthMap(health, namespace)[name], namespace, name);
    },
  };
}
