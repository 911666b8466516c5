/** Builds Bookinfo graphs for tests and finds nodes and edges in the JSON by what they show. */
import { BOOKINFO_INVENTORY, BOOKINFO_SERIES } from './bookinfo-traffic.test-support.ts';
import { buildGraph } from './build.ts';
import type { GraphBuildResult } from './build.ts';
import type { GraphInventory, GraphOptions } from './model.ts';
import { DEFAULT_GRAPH_OPTIONS } from './model.ts';
import type { Series } from './prom-eval.test-support.ts';
import { runPlan } from './prom-eval.test-support.ts';
import { planGraphQueries } from './queries.ts';
import type { GraphEdgeData, GraphJson, GraphNodeData } from './wire.ts';

export const QUERY_TIME = 1_700_000_000;

export function bookinfoOptions(overrides: Partial<GraphOptions> = {}): GraphOptions {
  return { ...DEFAULT_GRAPH_OPTIONS, namespaces: ['bookinfo'], queryTimeSec: QUERY_TIME, ...overrides };
}

export function build(
  overrides: Partial<GraphOptions> = {},
  series: readonly Series[] = BOOKINFO_SERIES,
  inventory: GraphInventory = BOOKINFO_INVENTORY,
): GraphBuildResult {
  const options = bookinfoOptions(overrides);
  const plan = planGraphQueries(options);
  return buildGraph({ options, plan, results: runPlan(plan, series), inventory });
}

export type NodeQuery = Partial<
  Pick<GraphNodeData, 'nodeType' | 'namespace' | 'workload' | 'app' | 'version' | 'service' | 'isBox'>
>;

export function findNodes(graph: GraphJson, q: NodeQuery): GraphNodeData[] {
  return graph.elements.nodes
    .map((n) => n.data)
    .filter((d) => Object.entries(q).every(([k, v]) => (d as Record<string, unknown>)[k] === v));
}

export function node(graph: GraphJson, q: NodeQuery): GraphNodeData {
  const found = findNodes(graph, q);
  if (found.length !== 1)
    throw new Error(`expected one node for ${JSON.stringify(q)}, found ${found.length}`);
  const [only] = found;
  if (only === undefined) throw new Error('unreachable');
  return only;
}

export function edges(graph: GraphJson, from: NodeQuery, to?: NodeQuery): GraphEdgeData[] {
  const source = node(graph, from).id;
  const target = to === undefined ? undefined : node(graph, to).id;
  return graph.elements.edges
    .map((e) => e.data)
    .filter((e) => e.source === source && (target === undefined || e.target === target));
}

/** The one edge between two nodes for a protocol (HTTP unless `to` names another). */
export function edge(
  graph: GraphJson,
  from: NodeQuery,
  target: NodeQuery & { readonly protocol?: string },
): GraphEdgeData {
  const { protocol = 'http', ...to } = target;
  const found = edges(graph, from, to).filter((e) => e.traffic.protocol === protocol);
  const [only] = found;
  if (only === undefined || found.length !== 1) {
    throw new Error(
      `expected one ${protocol} edge ${JSON.stringify(from)} → ${JSON.stringify(to)}, found ${found.length}`,
    );
  }
  return only;
}

/** A rate of an edge or node traffic entry, as a number (undefined when absent). */
export function rateOf(rates: Readonly<Record<string, string>> | undefined, key: string): number | undefined {
  const v = rates?.[key];
  return v === undefined ? undefined : Number(v);
}
