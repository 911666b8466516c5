/**
 * The metrics use case (Kiali's `GET /api/namespaces/{namespace}[/apps|/workloads|/services/…]/metrics`):
 * check that the namespace and the object exist in the mesh, bound the range to the namespace's
 * lifetime, run one Prometheus range query per metric (per stat for histograms) in parallel, and
 * answer Kiali's metrics map. A Prometheus failure fails the request with the client's error,
 * which the error middleware answers with its status (Kiali answers 503 for every one).
 */
import type { MetricsMapJson } from '@meshlens/mesh-core/api/metrics';
import { renderPromQL } from '@meshlens/mesh-core/graph';
import { appLabelOf } from '@meshlens/mesh-core/health';
import type { MetricsQuery, MetricsTarget, RangeSeries } from '@meshlens/mesh-core/metrics';
import { metricsMapOf, metricsQueries, metricsRange } from '@meshlens/mesh-core/metrics';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import { meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshState, MeshStateSource } from '../inventory/mesh-state.ts';

export interface MetricsRequest {
  readonly target: MetricsTarget;
  readonly query: MetricsQuery;
}

export interface MetricsServiceDeps {
  readonly prometheus: Pick<PrometheusApi, 'queryRange'>;
  readonly mesh: MeshStateSource;
}

export interface MetricsService {
  metrics(request: MetricsRequest): Promise<MetricsMapJson>;
}

const KIND_NAMES = { app: 'App', workload: 'Workload', service: 'Service' } as const;

/** Refuses a target the mesh does not have: its namespace, or the object in it. */
function checkTargetExists(state: MeshState, target: MetricsTarget): void {
  const { namespace } = target;
  if (!meshNamespaces(state).includes(namespace)) throw unknownNamespace(namespace, 'namespace');
  if (target.kind === 'namespace') return;
  const inNamespace = <T extends { readonly namespace: string }>(items: readonly T[]): T[] =>
    items.filter((i) => i.namespace === namespace);
  const { workloads, services } = state.registry;
  let found: boolean;
  switch (target.kind) {
    case 'workload':
      found = inNamespace(workloads).some((w) => w.name === target.name);
      break;
    case 'service':
      found = inNamespace(services).some((s) => s.name === target.name);
      break;
    case 'app':
      // Kiali's apps: the values of the app label on workloads (and services) of the namespace.
      found = [...inNamespace(workloads), ...inNamespace(services)].some(
        (o) => appLabelOf(o.labels) === target.name,
      );
      break;
  }
  if (!found) {
    throw new ConsoleError(
      'not-found',
      `${KIND_NAMES[target.kind]} [${target.name}] does not exist in namespace [${namespace}].`,
      { param: target.kind },
    );
  }
}

export function createMetricsService(deps: MetricsServiceDeps): MetricsService {
  return {
    async metrics({ target, query }) {
      const state = await deps.mesh.read();
      checkTargetExists(state, target);
      const bounded = metricsRange(query, state.namespaceCreatedSec.get(target.namespace));
      if (!bounded.ok) throw new ConsoleError('input', bounded.message, { param: bounded.param });
      const { range } = bounded;
      const queries = metricsQueries(target, query, range.rateIntervalSec);
      const answers = await Promise.all(
        queries.map(async (q) => {
          const answer = await deps.prometheus.queryRange(renderPromQL(q.expr), {
            startSeconds: range.startSec,
            endSeconds: range.endSec,
            stepSeconds: range.stepSec,
          });
          return [q.id, answer.result] as const;
        }),
      );
      return metricsMapOf(queries, new Map<string, readonly RangeSeries[]>(answers));
    },
  };
}
