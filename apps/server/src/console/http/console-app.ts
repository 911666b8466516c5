/**
 * The console API as an Express app: its routers in a fixed order, then a JSON 404 for paths
 * under its prefixes that no route serves, then the one error middleware. `consoleRoute` mounts
 * it on the server's plain route list (`net/route-server.ts`), claiming only paths under its
 * prefixes, so that the config API, proxy status, Prometheus discovery, placement, the web
 * console and `/healthz` are served as before.
 *
 * Router order matters where Kiali's paths overlap: the namespace graph
 * (`/api/namespaces/graph`) comes before every `/api/namespaces/{namespace}/…` route.
 * An area whose service is not given (a test, `meshlens simulate` without a config store) is
 * not mounted: its paths answer the JSON 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Router } from 'express';
import type { Route } from '../../net/route-server.ts';
import type { GraphService } from '../services/graph-service.ts';
import type { HealthService } from '../services/health-service.ts';
import type { IstioConfigService } from '../services/istio-config-service.ts';
import type { LogsService } from '../services/logs-service.ts';
import type { MeshStatusService } from '../services/mesh-status-service.ts';
import type { MetricsService } from '../services/metrics-service.ts';
import type { TracesService } from '../services/traces-service.ts';
import type { TracingSearchService } from '../services/tracing-search-service.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createGraphRouter } from './graph-routes.ts';
import { createHealthRouter } from './health-routes.ts';
import type { InventoryRoutesDeps } from './inventory-routes.ts';
import { createInventoryRouter } from './inventory-routes.ts';
import { createIstioConfigRouter } from './istio-config-routes.ts';
import { createLogsRouter } from './logs-routes.ts';
import { createMeshStatusRouter } from './mesh-status-routes.ts';
import { createMetricsRouter } from './metrics-routes.ts';
import { createOpenApiRouter } from './openapi-routes.ts';
import { createTracesRouter } from './traces-routes.ts';
import { createTracingSearchRouter } from './tracing-search-routes.ts';

/** The paths the console API owns (Kiali's API layout, and Meshlens' `/api/mesh`). */
export const CONSOLE_PATH_PREFIXES = [
  '/api/namespaces',
  '/api/clusters',
  '/api/istio',
  '/api/traces',
  '/api/tracing',
  '/api/mesh',
  '/api/openapi.json',
] as const;

export interface ConsoleServices {
  readonly graph: GraphService;
  readonly health: HealthService;
  readonly metrics?: MetricsService;
  readonly traces?: TracesService;
  /** Jaeger-style search: the services and operations lists and the scatter's traces. */
  readonly tracingSearch?: TracingSearchService;
  readonly istioConfig?: IstioConfigService;
  readonly logs?: LogsService;
  readonly meshStatus?: MeshStatusService;
  /** Namespaces, apps, workloads and services: lists, details and per-object health. */
  readonly inventory?: Omit<InventoryRoutesDeps, 'nowSec'>;
}

export interface ConsoleAppDeps extends ConsoleServices {
  /** Unix seconds, the default query time; `Date.now` unless a test drives time. */
  readonly nowSec?: () => number;
  readonly log?: (line: string) => void;
}

function routers(deps: ConsoleAppDeps, nowSec: () => number): Router[] {
  const list = [
    createGraphRouter({ graph: deps.graph, nowSec }),
    createHealthRouter({ health: deps.health, nowSec }),
  ];
  if (deps.inventory) list.push(createInventoryRouter({ ...deps.inventory, nowSec }));
  if (deps.metrics) list.push(createMetricsRouter({ metrics: deps.metrics, nowSec }));
  const fixed = deps.nowSec;
  const nowMs = fixed ? { nowMs: (): number => fixed() * 1000 } : {};
  if (deps.traces) list.push(createTracesRouter({ traces: deps.traces, ...nowMs }));
  if (deps.tracingSearch) list.push(createTracingSearchRouter({ search: deps.tracingSearch, ...nowMs }));
  if (deps.istioConfig) list.push(createIstioConfigRouter({ istioConfig: deps.istioConfig }));
  if (deps.logs) list.push(createLogsRouter({ logs: deps.logs }));
  if (deps.meshStatus) list.push(createMeshStatusRouter({ meshStatus: deps.meshStatus }));
  list.push(createOpenApiRouter());
  return list;
}

export function createConsoleApp(deps: ConsoleAppDeps): express.Express {
  const nowSec = deps.nowSec ?? ((): number => Math.floor(Date.now() / 1000));
  const app = express();
  app.disable('x-powered-by');
  for (const router of routers(deps, nowSec)) app.use(router);
  app.use(notFoundHandler);
  app.use(consoleErrorHandler({ ...(deps.log === undefined ? {} : { log: deps.log }) }));
  return app;
}

export function isConsolePath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return CONSOLE_PATH_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The app as one route of the server: it serves every request under its prefixes. */
export function consoleRoute(app: (req: IncomingMessage, res: ServerResponse) => void): Route {
  return (req, res) => {
    if (!isConsolePath(req.url ?? '/')) return false;
    app(req, res);
    return true;
  };
}
