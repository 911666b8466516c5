/**
 * Runs a list of planned PromQL expressions as instant queries at one time, all at once, and
 * hands back their samples by query id, as mesh-core's graph and health builders take them.
 * The first failure fails the whole call with its `PrometheusError` (a graph built from part of
 * its queries would show wrong rates, so there is no partial answer).
 */
import type { PromExpr, PromSample } from '@meshlens/mesh-core/graph';
import { renderPromQL } from '@meshlens/mesh-core/graph';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';

export interface PlannedQuery {
  readonly id: string;
  readonly expr: PromExpr;
}

export async function runInstantQueries(
  prometheus: Pick<PrometheusApi, 'queryVector'>,
  queries: readonly PlannedQuery[],
  timeSec: number,
): Promise<Map<string, PromSample[]>> {
  const answers = await Promise.all(
    queries.map(async (q) => {
      const { result } = await prometheus.queryVector(renderPromQL(q.expr), { timeSeconds: timeSec });
      const samples = result.map((s): PromSample => ({ metric: s.metric, value: s.value[1] }));
      return [q.id, samples] as const;
    }),
  );
  return new Map(answers);
}
