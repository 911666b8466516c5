/**
 * The health use case (Kiali's `GET /api/clusters/health`): for each namespace asked for (all of
 * the mesh's when none are), run Kiali's request-rate queries for the kind of object at the query
 * time, and compute app, service or workload health from their samples and the inventory —
 * replica counts from the platform, proxy sync from the control plane — with Kiali's default
 * tolerances and the objects' `health.kiali.io/rate` annotations.
 */
import type { ClustersHealth, HealthKind } from '@meshlens/mesh-core/health';
import { HealthToleranceMatcher, clustersHealth, namespaceHealthQueries } from '@meshlens/mesh-core/health';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { unknownNamespace } from '../errors.ts';
import { buildGraphInventory, meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshStateSource } from '../inventory/mesh-state.ts';
import { runInstantQueries } from './instant-queries.ts';

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
      const queries = namespaces.flatMap((namespace) =>
        namespaceHealthQueries({ namespace, kind: request.kind, rateIntervalSec: request.rateIntervalSec }),
      );
      const results = await runInstantQueries(deps.prometheus, queries, request.queryTimeSec);
      const inventory = buildGraphInventory(state);
      const tolerances = new HealthToleranceMatcher(inventory.healthRates);
      return clustersHealth(
        request.kind,
        namespaces.map((namespace) => ({
          namespace,
          samples: queries.filter((q) => q.namespace === namespace).flatMap((q) => results.get(q.id) ?? []),
          workloads: inventory.workloads.filter((w) => w.namespace === namespace),
          services: inventory.services.filter((s) => s.namespace === namespace),
          tolerances,
        })),
      );
    },
  };
}
