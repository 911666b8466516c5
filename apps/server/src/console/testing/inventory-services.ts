/**
 * The inventory services wired to a fixed mesh state and a fake Prometheus, for the services'
 * and the router's tests; `ratingsFailing` answers every health query with ratings answering
 * reviews-v2 with 500s only.
 */
import { createAppsService } from '../services/apps-service.ts';
import { createNamespacesService } from '../services/namespaces-service.ts';
import { createObjectHealthService } from '../services/object-health-service.ts';
import { createServicesService } from '../services/services-service.ts';
import { createWorkloadsService } from '../services/workloads-service.ts';
import type { InventoryRoutesDeps } from '../http/inventory-routes.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { FakePrometheusApi } from './fake-prometheus-api.ts';
import { peer, requestSample } from './bookinfo-mesh.ts';

export function ratingsFailing(): FakePrometheusApi {
  return new FakePrometheusApi((query) =>
    // The traffic is inside `default`: the outbound and the service queries see it, not the
    // inbound one (requests from other namespaces).
    query.includes('source_workload_namespace!=')
      ? []
      : (['source', 'destination'] as const).map((reporter) =>
          requestSample({ reporter, from: peer('reviews-v2'), to: peer('ratings-v1'), code: 500, rate: 4 }),
        ),
  );
}

export function inventoryServices(
  state: MeshState,
  prometheus: FakePrometheusApi = new FakePrometheusApi(),
): Omit<InventoryRoutesDeps, 'nowSec'> {
  const deps = { prometheus, mesh: { read: () => Promise.resolve(state) } };
  return {
    namespaces: createNamespacesService(deps),
    apps: createAppsService(deps),
    workloads: createWorkloadsService(deps),
    services: createServicesService(deps),
    objectHealth: createObjectHealthService(deps),
  };
}
