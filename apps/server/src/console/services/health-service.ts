/**
 * The health use case (Kiali's `GET /api/clusters/health`): for each namespace asked for (all of
 * the mesh's when none are), run Kiali's request-rate queries for the kind of object at the query
 * time, and compute app, service or workload health from their samples and the inventory —
 * replica counts from the platform, proxy sync from the control plane — with Kiali's default
 * tolerances and the objects' `health.kiali.io/rate` annotations. The rate interval is shortened
 * to each namespace's lifetime, as Kiali's `adjustRateInterval` does (`namespacesHealth`, shared
 * with the lists and the per-object health).
 */
import type { ClustersHealth, HealthKind } from '@meshlens/mesh-core/health';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { unknownNamespace } from '../errors.ts';
import { meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshStateSource } from '../inventory/mesh-state.ts';
import { namespacesHealth } from './object-health-service.ts';

export interface HealthRequest {
  /** Empty: every namespace of the mesh. */
  readonly namespaces: readonly string[];
  readonly kind: HealthKind;
  readonly rateIntervalSec: number;
  readonly queryTimeSec: number;
}

export interface HealthServiceDeps {
  readonly prometheus: Pick<PrometheusApi, 'queryVector'>;
  readonly mesh: MeshStateSource;
}

export interface HealthService {
  clustersHealth(request: HealthRequest): Promise<ClustersHealth>;
}

export function createHealthService(deps: HealthServiceDeps): HealthService {
  return {
    async clustersHealth(request) {
      const state = await deps.mesh.read();
      const known = meshNamespaces(state);
      const namespaces = request.namespaces.length === 0 ? known : [...new Set(request.namespaces)];
      for (const ns of namespaces) if (!known.includes(ns)) throw unknownNamespace(ns);
      return namespacesHealth(deps.prometheus, state, { ...request, namespaces });
    },
  };
}
