/** What `browser.test.ts` runs inside a bare JavaScript context. */
import { BOOKINFO_INVENTORY, BOOKINFO_SERIES } from './bookinfo-traffic.test-support.ts';
import { buildGraph, planGraphQueries } from './index.ts';
import { bookinfoOptions } from './graph.test-support.ts';
import { runPlan } from './prom-eval.test-support.ts';

export function run(): Record<string, unknown> {
  const options = bookinfoOptions();
  const plan = planGraphQueries(options);
  const { graph } = buildGraph({
    options,
    plan,
    results: runPlan(plan, BOOKINFO_SERIES),
    inventory: BOOKINFO_INVENTORY,
  });
  const ratings = graph.elements.nodes.find((n) => n.data.workload === 'ratings-v1');
  return {
    queries: plan.length,
    nodes: graph.elements.nodes.length,
    edges: graph.elements.edges.length,
    ratingsStatus: ratings?.data.healthStatus,
    nodeIdLength: ratings?.data.id.length,
  };
}
