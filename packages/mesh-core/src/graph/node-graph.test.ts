import { describe, expect, it } from 'vitest';
import { BOOKINFO_INVENTORY, BOOKINFO_SERIES } from './bookinfo-traffic.test-support.ts';
import { buildGraph } from './build.ts';
import type { GraphBuildResult } from './build.ts';
import { bookinfoOptions, edge, edges, findNodes, node, rateOf } from './graph.test-support.ts';
import type { GraphOptions } from './model.ts';
import type { GraphNodeTarget } from './node-graph.ts';
import { planNodeGraphQueries } from './node-graph.ts';
import { runPlan } from './prom-eval.test-support.ts';
import type { Series } from './prom-eval.test-support.ts';
import { renderPromQL } from './promql.ts';
import { graphJsonSchema } from './wire.ts';

function nodeGraph(
  target: Omit<GraphNodeTarget, 'namespace'>,
  overrides: Partial<GraphOptions> = {},
  series: readonly Series[] = BOOKINFO_SERIES,
): GraphBuildResult {
  const options = bookinfoOptions(overrides);
  const full = { namespace: 'bookinfo', ...target };
  const plan = planNodeGraphQueries(full, options);
  return buildGraph({
    options,
    plan,
    results: runPlan(plan, series),
    inventory: BOOKINFO_INVENTORY,
    node: full,
  });
}

describe('node-detail graph', () => {
  it('shows a workload with its callers (destination-reported) and its callees (source-reported)', () => {
    const { graph } = nodeGraph({ kind: 'workload', name: 'reviews-v3' });
    graphJsonSchema.parse(graph);
    const reviewsV3 = { workload: 'reviews-v3', nodeType: 'workload' } as const;
    expect(rateOf(edge(graph, { workload: 'productpage-v1' }, reviewsV3).traffic.rates, 'http')).toBe(3);
    const toRatings = edge(graph, reviewsV3, { workload: 'ratings-v1' });
    expect(rateOf(toRatings.traffic.rates, 'http')).toBe(3);
    expect(rateOf(toRatings.traffic.rates, 'http5xx')).toBeCloseTo(0.3);
    // Nothing that neither calls nor is called by reviews-v3.
    expect(findNodes(graph, { workload: 'details-v1' })).toEqual([]);
    expect(findNodes(graph, { workload: 'reviews-v2' })).toEqual([]);
    expect(findNodes(graph, { workload: 'istio-ingressgateway' })).toEqual([]);
  });

  it('counts a request seen by both proxies once, though the node graph reads both sides', () => {
    const { graph } = nodeGraph({ kind: 'workload', name: 'productpage-v1' });
    expect(
      rateOf(edge(graph, { workload: 'productpage-v1' }, { workload: 'details-v1' }).traffic.rates, 'http'),
    ).toBe(10);
    expect(
      rateOf(
        edge(graph, { workload: 'istio-ingressgateway' }, { workload: 'productpage-v1' }).traffic.rates,
        'http',
      ),
    ).toBe(10);
  });

  it('reads a service’s incoming traffic from both reporters: failures no workload saw, and served requests', () => {
    const { graph } = nodeGraph(
      { kind: 'service', name: 'reviews' },
      { graphType: 'workload', injectServiceNodes: true },
    );
    const reviews = { service: 'reviews', nodeType: 'service', namespace: 'bookinfo' } as const;
    const served = edge(graph, { workload: 'productpage-v1' }, reviews);
    expect(rateOf(served.traffic.rates, 'http')).toBe(9);
    // The 503 UH that reached no workload: only the client proxy reported it, without a
    // destination peer, so Istio names no namespace for it (as in the namespace graph).
    const refused = edge(graph, { workload: 'productpage-v1' }, { service: 'reviews', namespace: 'unknown' });
    expect(refused.traffic.responses?.['503']?.flags).toEqual({ UH: '100.0' });
    // The service's workloads stay (a node graph is never reduced to services), and nothing they call.
    expect(edges(graph, reviews)).toHaveLength(3);
    expect(findNodes(graph, { workload: 'ratings-v1' })).toEqual([]);
  });

  it('keeps the workloads behind a service in a service graph type', () => {
    const { graph } = nodeGraph({ kind: 'service', name: 'ratings' }, { graphType: 'service' });
    expect(findNodes(graph, { workload: 'ratings-v1' })).toHaveLength(1);
  });

  it('narrows an app to one version when the version is given', () => {
    const all = nodeGraph({ kind: 'app', name: 'reviews' }, { graphType: 'versionedApp' }).graph;
    const v2 = nodeGraph(
      { kind: 'app', name: 'reviews', version: 'v2' },
      { graphType: 'versionedApp' },
    ).graph;
    const callers = (g: typeof all, version: string): number =>
      rateOf(
        edge(g, { app: 'productpage', version: 'v1' }, { app: 'reviews', version }).traffic.rates,
        'http',
      ) ?? 0;
    expect(callers(all, 'v1') + callers(all, 'v2') + callers(all, 'v3')).toBe(9);
    expect(callers(v2, 'v2')).toBe(3);
    expect(findNodes(v2, { app: 'reviews', version: 'v3', nodeType: 'app' })).toEqual([]);
  });

  it('shows the node itself, idle, when it had no traffic in the range', () => {
    const { graph } = nodeGraph({ kind: 'workload', name: 'reviews-v1' }, {}, []);
    const only = node(graph, { workload: 'reviews-v1', nodeType: 'workload' });
    expect(only.isIdle).toBe(true);
    expect(graph.elements.edges).toEqual([]);
  });

  it('queries only the node’s series, per reporter', () => {
    const plan = planNodeGraphQueries(
      { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v3' },
      bookinfoOptions(),
    );
    const traffic = plan
      .filter((q) => q.purpose === 'traffic' && q.metric === 'istio_requests_total')
      .map((q) => renderPromQL(q.expr));
    expect(traffic).toHaveLength(2);
    expect(traffic[0]).toContain(
      'reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v3"',
    );
    expect(traffic[1]).toContain(
      'reporter="source",source_workload_namespace="bookinfo",source_workload="reviews-v3"',
    );
  });
});
