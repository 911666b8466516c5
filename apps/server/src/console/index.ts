/**
 * The console API (Kiali-compatible): the namespace graph and cluster health, over Prometheus and
 * the running mesh. `createConsole` wires its services to a Prometheus client and a mesh state
 * source and returns the server route that serves it; see README.md for endpoints and errors.
 */
import type { PrometheusApi } from '../adapters/prometheus/client/index.ts';
import type { Route } from '../net/route-server.ts';
import { consoleRoute, createConsoleApp } from './http/console-app.ts';
import type { MeshStateSource } from './inventory/mesh-state.ts';
import { createGraphService } from './services/graph-service.ts';
import { createHealthService } from './services/health-service.ts';

export { CONSOLE_PATH_PREFIXES, consoleRoute, createConsoleApp } from './http/console-app.ts';
export { ConsoleError, consoleErrorReasons, errorBodySchema, statusOfReason } from './errors.ts';
export type { ConsoleErrorReason, ErrorBody } from './errors.ts';
export { localMeshState } from './inventory/mesh-state.ts';
export type { MeshState, MeshStateSource } from './inventory/mesh-state.ts';

export interface ConsoleDeps {
  readonly prometheus: Pick<PrometheusApi, 'queryVector'>;
  readonly mesh: MeshStateSource;
  readonly nowSec?: () => number;
  readonly log?: (line: string) => void;
}

export function createConsole(deps: ConsoleDeps): Route {
  const { prometheus, mesh } = deps;
  const graph = createGraphService({ prometheus, mesh, ...(deps.log ? { log: deps.log } : {}) });
  const health = createHealthService({ prometheus, mesh });
  return consoleRoute(createConsoleApp({ ...deps, graph, health }));
}
