/**
 * Serves the built web console (`apps/web/dist`, built by `scripts/setup.sh`) on the server's
 * port: its files as they are, and `index.html` for every other page path, so that a bookmarked
 * console URL loads the app and the app's router shows the page. API and server paths are never
 * answered here (the route returns false and later routes, or the 404, take them).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Route } from '../../net/route-server.ts';

/** Where `scripts/setup.sh` builds the web console: the repository's `apps/web/dist`. */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** Paths that belong to the APIs and the server, never to the console's pages. */
const SERVER_PREFIXES = ['/api/', '/v1/', '/healthz', '/metrics', '/debug/'];

export interface WebRouteOptions {
  /** The directory `vite build` wrote (with `index.html`). */
  readonly distDir: string;
}

export function webConsoleRoute(options: WebRouteOptions): Route {
  const index = join(options.distDir, 'index.html');
  const app = express();
  app.disable('x-powered-by');
  // Hashed asset names never change their content: cache them; index.html always revalidates.
  app.use(
    '/assets',
    express.static(join(options.distDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  app.use(express.static(options.distDir, { index: false }));
  app.use((req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          `The web console is not built (no ${index}): run "npm run setup" (or "npm run build -w @meshlens/web").`,
        );
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (SERVER_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) return false;
    app(req, res);
    return true;
  };
}
