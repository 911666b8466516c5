/**
 * The console API as an Express app: its routers, then a JSON 404 for paths under its prefixes
 * that no route serves, then the one error middleware. `consoleRoute` mounts it on the server's
 * plain route list (`net/route-server.ts`), claiming only paths under its prefixes, so that the
 * config API, proxy status, Prometheus discovery, placement and `/healthz` are served as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Route } from '../../net/route-server.ts';
import type { GraphService } from '../services/graph-service.ts';
import type { HealthService } from '../services/health-service.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createGraphRouter } from './graph-routes.ts';
import { createHealthRouter } from './health-routes.ts';

/** The paths the console API owns (Kiali's API layout). */
export const CONSOLE_PATH_PREFIXES = ['/api/namespaces', '/api/clusters'] as const;

export interface ConsoleAppDeps {
  readonly graph: GraphService;
  readonly health: HealthService;
  /** Unix seconds, the default query time; `Date.now` unless a test drives time. */
  readonly nowSec?: () => number;
  readonly log?: (line: string) => void;
}

export function createConsoleApp(deps: ConsoleAppDeps): express.Express {
  const nowSec = deps.nowSec ?? ((): number => Math.floor(Date.now() / 1000));
  const app = express();
  app.disable('x-powered-by');
  app.use(createGraphRouter({ graph: deps.graph, nowSec }));
  app.use(createHealthRouter({ health: deps.health, nowSec }));
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
