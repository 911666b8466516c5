/**
 * The namespace graph use case (Kiali's `GET /api/namespaces/graph`): check the namespaces,
 * shorten each one's query range to its lifetime (Kiali's safe duration), plan the Prometheus
 * queries, run them all at the query time, and build Kiali's graph from their samples and the
 * mesh's inventory. Knows nothing of HTTP: bad input is a `ConsoleError`, an unreachable
 * Prometheus the client's `PrometheusError`.
 */
import type { GraphJson, GraphNodeTarget, GraphOptions } from '@meshlens/mesh-core/graph';
import {
  buildGraph,
  namespaceSafeDurationSec,
  planGraphQueries,
  planNodeGraphQueries,
} from '@meshlens/mesh-core/graph';
import type { GraphInventory } from '@meshlens/mesh-core/graph';
import { appLabelOf, versionLabelOf } from '@meshlens/mesh-core/health';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import { buildGraphInventory, meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshState, MeshStateSource } from '../inventory/mesh-state.ts';
import { runInstantQueries } from './instant-queries.ts';

export interface GraphServiceDeps {
  readonly prometheus: Pick<PrometheusApi, 'queryVector'>;
  readonly mesh: MeshStateSource;
  /** Where notes for operators go (samples left out, invalid health annotations). */
  readonly log?: (line: string) => void;
}

export interface GraphService {
  namespaceGraph(options: GraphOptions): Promise<GraphJson>;
  /** Kiali's node-detail graph; `options.namespaces` is the node's namespace alone. */
  nodeGraph(target: GraphNodeTarget, options: GraphOptions): Promise<GraphJson>;
}

const KIND_LABEL: Readonly<Record<GraphNodeTarget['kind'], string>> = {
  app: 'App',
  workload: 'Workload',
  service: 'Service',
};

/** Whether the registry has the node's object (an app: some workload labelled with it). */
function knownTarget(target: GraphNodeTarget, inventory: GraphInventory): boolean {
  const { namespace, name } = target;
  switch (target.kind) {
    case 'workload':
      return inventory.workloads.some((w) => w.namespace === namespace && w.name === name);
    case 'service':
      return inventory.services.some((s) => s.namespace === namespace && s.name === name);
    case 'app':
      return inventory.workloads.some(
        (w) =>
          w.namespace === namespace &&
          appLabelOf(w.labels) === name &&
          (target.version === undefined || versionLabelOf(w.labels) === target.version),
      );
  }
}

/** Per namespace, the query range that does not reach before the namespace existed. */
function safeDurations(options: GraphOptions, state: MeshState): Map<string, number> {
  const known = new Set(meshNamespaces(state));
  for (const namespace of options.namespaces) if (!known.has(namespace)) throw unknownNamespace(namespace);
  const durations = new Map<string, number>();
  for (const namespace of options.namespaces) {
    const createdSec = state.namespaceCreatedSec.get(namespace);
    if (createdSec === undefined) continue;
    const safe = namespaceSafeDurationSec({
      requestedSec: options.durationSec,
      queryTimeSec: options.queryTimeSec,
      createdSec,
    });
    if (safe === undefined) {
      throw new ConsoleError(
        'input',
        `Namespace [${namespace}] did not exist at requested queryTime [${new Date(options.queryTimeSec * 1000).toISOString()}]`,
        { param: 'queryTime' },
      );
    }
    durations.set(namespace, safe);
  }
  return durations;
}

export function createGraphService(deps: GraphServiceDeps): GraphService {
  return {
    async namespaceGraph(options) {
      const state = await deps.mesh.read();
      const plan = planGraphQueries(options, safeDurations(options, state));
      const results = await runInstantQueries(deps.prometheus, plan, options.queryTimeSec);
      const built = buildGraph({ options, plan, results, inventory: buildGraphInventory(state) });
      for (const p of built.healthProblems) deps.log?.(`graph: ${p.source}: ${p.message}`);
      return built.graph;
    },

    async nodeGraph(target, options) {
      const state = await deps.mesh.read();
      const durations = safeDurations(options, state);
      const plan = planNodeGraphQueries(target, options, durations.get(target.namespace));
      const results = await runInstantQueries(deps.prometheus, plan, options.queryTimeSec);
      const inventory = buildGraphInventory(state);
      const built = buildGraph({ options, plan, results, inventory, node: target });
      for (const p of built.healthProblems) deps.log?.(`graph: ${p.source}: ${p.message}`);
      // An object the registry does not have is still graphed while telemetry remembers it
      // (a deleted workload's last calls); with neither, the name is wrong.
      if (!knownTarget(target, inventory) && built.graph.elements.edges.length === 0) {
        const version = target.version === undefined ? '' : ` version [${target.version}]`;
        throw new ConsoleError(
          'not-found',
          `${KIND_LABEL[target.kind]} [${target.name}]${version} does not exist in namespace [${target.namespace}] and has no traffic in the range`,
        );
      }
      return built.graph;
    },
  };
}
