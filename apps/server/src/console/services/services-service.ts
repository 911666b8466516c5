/**
 * The services use case (Kiali's `GET /api/clusters/services`, `/api/namespaces/{ns}/services`
 * and `/api/namespaces/{ns}/services/{service}`): mesh-core's service items over the mesh state —
 * ports, selector, endpoints with their instances, workloads, VirtualServices and
 * DestinationRules, validations, namespace mTLS — with service health when asked.
 */
import type { ServiceDetails, ServiceList } from '@meshlens/mesh-core/inventory';
import {
  INVENTORY_CLUSTER,
  findService,
  serviceDetails,
  serviceListItem,
  validationsOf,
} from '@meshlens/mesh-core/inventory';
import type { DetailRequest, ListRequest, ObjectHealthDeps } from './object-health-service.ts';
import {
  byNamespaceAndName,
  listNamespaces,
  namespacesHealth,
  requireNamespace,
  serviceHealthMap,
  unknownObject,
} from './object-health-service.ts';

export interface ServicesService {
  serviceList(request: ListRequest): Promise<ServiceList>;
  serviceDetails(request: DetailRequest): Promise<ServiceDetails>;
}

export function createServicesService(deps: ObjectHealthDeps): ServicesService {
  return {
    async serviceList(request) {
      const state = await deps.mesh.read();
      const namespaces = listNamespaces(state, request);
      const health = request.health
        ? await namespacesHealth(deps.prometheus, state, { ...request, namespaces, kind: 'service' })
        : undefined;
      const registry = state.registry.services
        .filter((s) => namespaces.includes(s.namespace))
        .sort(byNamespaceAndName);
      const services = registry.map((s) => {
        const item = serviceListItem(state, s, request);
        const serviceHealth =
          health === undefined ? undefined : serviceHealthMap(health, s.namespace)[s.name];
        return serviceHealth === undefined ? item : { ...item, health: serviceHealth };
      });
      return {
        cluster: INVENTORY_CLUSTER,
        ...(request.namespace === undefined ? {} : { namespace: { name: request.namespace } }),
        services,
        validations: validationsOf(
          state.findings ?? [],
          registry.map((s) => ({ kind: 'Service', namespace: s.namespace, name: s.name })),
        ),
      };
    },
    async serviceDetails(request) {
      const state = await deps.mesh.read();
      const { namespace, name } = request;
      requireNamespace(state, namespace);
      const service = findService(state, namespace, name);
      if (service === undefined) throw unknownObject('Service', name, namespace);
      const details = serviceDetails(state, service, request);
      if (!request.health) return details;
      const health = await namespacesHealth(deps.prometheus, state, {
        ...request,
        namespaces: [namespace],
        kind: 'service',
      });
      const serviceHealth = serviceHealthMap(health, namespace)[name];
      return serviceHealth === undefined ? details : { ...details, health: serviceHealth };
    },
  };
}
