/**
 * The workloads use case (Kiali's `GET /api/clusters/workloads`, `/api/namespaces/{ns}/workloads`
 * and `/api/namespaces/{ns}/workloads/{workload}`): mesh-core's workload items over the mesh
 * state — replicas, pods with their proxies' sync state, services, Istio config, validations —
 * with workload health when asked.
 */
import type { WorkloadDetails, WorkloadList } from '@meshlens/mesh-core/inventory';
import {
  INVENTORY_CLUSTER,
  findWorkload,
  validationsOf,
  workloadDetails,
  workloadListItem,
} from '@meshlens/mesh-core/inventory';
import type { DetailRequest, ListRequest, ObjectHealthDeps } from './object-health-service.ts';
import {
  byNamespaceAndName,
  listNamespaces,
  namespacesHealth,
  requireNamespace,
  unknownObject,
  workloadHealthMap,
} from './object-health-service.ts';

export interface WorkloadsService {
  workloadList(request: ListRequest): Promise<WorkloadList>;
  workloadDetails(request: DetailRequest): Promise<WorkloadDetails>;
}

export function createWorkloadsService(deps: ObjectHealthDeps): WorkloadsService {
  return {
    async workloadList(request) {
      const state = await deps.mesh.read();
      const namespaces = listNamespaces(state, request);
      const health = request.health
        ? await namespacesHealth(deps.prometheus, state, { ...request, namespaces, kind: 'workload' })
        : undefined;
      const registry = state.registry.workloads
        .filter((w) => namespaces.includes(w.namespace))
        .sort(byNamespaceAndName);
      const workloads = registry.map((w) => {
        const item = workloadListItem(state, w, request);
        const workloadHealth =
          health === undefined ? undefined : workloadHealthMap(health, w.namespace)[w.name];
        return workloadHealth === undefined ? item : { ...item, health: workloadHealth };
      });
      return {
        cluster: INVENTORY_CLUSTER,
        ...(request.namespace === undefined ? {} : { namespace: { name: request.namespace } }),
        workloads,
        validations: validationsOf(
          state.findings ?? [],
          registry.map((w) => ({ kind: 'Deployment', namespace: w.namespace, name: w.name })),
        ),
      };
    },
    async workloadDetails(request) {
      const state = await deps.mesh.read();
      const { namespace, name } = request;
      requireNamespace(state, namespace);
      const workload = findWorkload(state, namespace, name);
      if (workload === undefined) throw unknownObject('Workload', name, namespace);
      const details = workloadDetails(state, workload, request);
      if (!request.health) return details;
      const health = await namespacesHealth(deps.prometheus, state, {
        ...request,
        namespaces: [namespace],
        kind: 'workload',
      });
      const workloadHealth = workloadHealthMap(health, namespace)[name];
      return workloadHealth === undefined ? details : { ...details, health: workloadHealth };
    },
  };
}
