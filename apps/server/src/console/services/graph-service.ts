/**
 * The namespace graph use case (Kiali's `GET /api/namespaces/graph`): check the namespaces,
 * shorten each one's query range to its lifetime (Kiali's safe duration), plan the Prometheus
 * queries, run them all at the query time, and build Kiali's graph from their samples and the
 * mesh's inventory. Knows nothing of HTTP: bad input is a `ConsoleError`, an unreachable
 * Prometheus the client's `PrometheusError`.
 */
import type { GraphJson, GraphOptions } from '@meshlens/mesh-core/graph';
import { buildGraph, namespaceSafeDurationSec, planGraphQueries } from '@meshlens/mesh-core/graph';
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
  };
}
