/**
 * Builds Kiali's graph from the results of a query plan (kiali graph/telemetry/istio/istio.go
 * `BuildNamespacesTrafficMap`).
 *
 * For each requested namespace: its traffic samples become a traffic map (`populate.ts`), then
 * the requested namespace appenders run on it in Kiali's order —
 *   deadNode, responseTime, securityPolicy, throughput, idleNode, istio, meshCheck
 * (Kiali's serviceEntry, workloadEntry, aggregateNode and ambient appenders are accepted and do
 * nothing here) — and it is merged into the graph. Then the finalizers run on the whole graph:
 *   outsider (always), health (when requested, or when no appenders are named), trafficGenerator
 *   (always).
 * A service graph is then reduced to services, and the result converted to cytoscape JSON.
 *
 * Every lookup goes through a map built once (nodes by id, edges by destination and protocol,
 * inventory by key), so the cost is linear in samples, nodes and edges.
 */
import type { HealthConfigProblem } from '../health/tolerances.ts';
import { HealthToleranceMatcher } from '../health/tolerances.ts';
import type { AppenderContext, Finalizer, NamespaceAppender } from './appenders/context.ts';
import { deadNodeAppender } from './appenders/dead-node.ts';
import { healthFinalizer } from './appenders/health.ts';
import { idleNodeAppender } from './appenders/idle-node.ts';
import { istioAppender } from './appenders/istio-details.ts';
import { meshCheckAppender } from './appenders/mesh-check.ts';
import { outsiderFinalizer } from './appenders/outsider.ts';
import { responseTimeAppender } from './appenders/response-time.ts';
import { securityPolicyAppender } from './appenders/security-policy.ts';
import { throughputAppender } from './appenders/throughput.ts';
import { trafficGeneratorFinalizer } from './appenders/traffic-generator.ts';
import { TupleSet } from './counters.ts';
import { toCytoscape } from './cytoscape.ts';
import { indexInventory } from './inventory-index.ts';
import { mergeTrafficMap, relinkEdges } from './merge.ts';
import type { GraphInventory, GraphOptions } from './model.ts';
import type { PopulateStats } from './populate.ts';
import { newPopulateStats, populateTrafficMap } from './populate.ts';
import type { PromSample } from './prom-sample.ts';
import type { GraphNodeTarget } from './node-graph.ts';
import { ensureTargetNode } from './node-graph.ts';
import type { GraphQuery } from './query-plan.ts';
import { appenderRequested } from './query-plan.ts';
import { reduceToServiceGraph } from './service-graph.ts';
import type { TrafficMap } from './traffic-map.ts';
import type { GraphJson } from './wire.ts';

/** Kiali's namespace appenders, in the order Kiali runs them. */
export const NAMESPACE_APPENDERS: readonly NamespaceAppender[] = [
  deadNodeAppender,
  responseTimeAppender,
  securityPolicyAppender,
  throughputAppender,
  idleNodeAppender,
  istioAppender,
  meshCheckAppender,
];

export interface GraphBuildInput {
  readonly options: GraphOptions;
  /** The plan the samples answer (`planGraphQueries(options)`). */
  readonly plan: readonly GraphQuery[];
  /** Samples by query id; a missing id counts as no samples. */
  readonly results: ReadonlyMap<string, readonly PromSample[]>;
  readonly inventory: GraphInventory;
  /** Set for a node-detail graph: the node it is centred on (`planNodeGraphQueries`). */
  readonly node?: GraphNodeTarget;
}

export interface GraphBuildResult {
  readonly graph: GraphJson;
  /** Samples left out, per reason (for logs). */
  readonly stats: PopulateStats;
  /** Invalid health configuration or annotations met on the way (defaults applied). */
  readonly healthProblems: readonly HealthConfigProblem[];
}

function requestedAppenders(options: GraphOptions): NamespaceAppender[] {
  const wanted = (name: string): boolean =>
    appenderRequested(options, name) || (name === 'meshCheck' && appenderRequested(options, 'sidecarsCheck'));
  return NAMESPACE_APPENDERS.filter((a) => wanted(a.name));
}

function finalizers(options: GraphOptions): Finalizer[] {
  const list: Finalizer[] = [outsiderFinalizer];
  if (appenderRequested(options, 'health')) list.push(healthFinalizer);
  list.push(trafficGeneratorFinalizer);
  return list;
}

export function buildGraph(input: GraphBuildInput): GraphBuildResult {
  const { options, plan, results } = input;
  const inventory = indexInventory(input.inventory);
  const istioNamespace = input.inventory.istioNamespaces?.[0] ?? 'istio-system';
  const tolerances = new HealthToleranceMatcher(input.inventory.healthRates);
  const ctx: AppenderContext = {
    options,
    inventory,
    tolerances,
    istioNamespace,
    samples: (query) => results.get(query.id) ?? [],
  };
  const stats = newPopulateStats();
  // idleNode does not run on a node graph (Kiali): it would add the namespace's other objects.
  const appenders = requestedAppenders(options).filter(
    (a) => input.node === undefined || a.name !== 'idleNode',
  );
  const byNamespace = new Map<string, GraphQuery[]>();
  for (const q of plan) {
    const list = byNamespace.get(q.namespace);
    if (list === undefined) byNamespace.set(q.namespace, [q]);
    else list.push(q);
  }

  let graph: TrafficMap = new Map();
  for (const namespace of options.namespaces) {
    const queries = byNamespace.get(namespace) ?? [];
    const map: TrafficMap = new Map();
    const populate = { map, options, seen: new TupleSet(), stats, istioNamespace };
    for (const q of queries) {
      if (q.purpose !== 'traffic') continue;
      let samples = ctx.samples(q);
      // Without includeIdleEdges Kiali's query drops zero rates; drop them here too, whatever ran.
      if (!options.includeIdleEdges) samples = samples.filter((s) => s.value > 0);
      populateTrafficMap(populate, q.metric, samples);
    }
    if (input.node?.namespace === namespace) ensureTargetNode(map, input.node, ctx);
    const namespaceCtx = { ...ctx, namespace, plan: queries };
    for (const appender of appenders) appender.append(map, namespaceCtx);
    mergeTrafficMap(graph, namespace, map);
  }
  relinkEdges(graph);
  for (const f of finalizers(options)) f.finalize(graph, ctx);
  // Kiali does not reduce a node graph to services, so that it keeps the workloads behind them.
  if (options.graphType === 'service' && input.node === undefined) graph = reduceToServiceGraph(graph);
  return { graph: toCytoscape(graph, options), stats, healthProblems: tolerances.problems };
}
