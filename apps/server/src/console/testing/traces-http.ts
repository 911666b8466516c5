/**
 * The traces router served over HTTP for tests: an Express app of `createTracesRouter`, the
 * console's JSON 404 and its error middleware, listening on 127.0.0.1 port 0; closed after each
 * test of the file that calls `useTracesApp`.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach } from 'vitest';
import { consoleErrorHandler, notFoundHandler } from '../http/error-handler.ts';
import type { TracesRoutesDeps } from '../http/traces-routes.ts';
import { createTracesRouter } from '../http/traces-routes.ts';

export interface TracesHttpResult {
  readonly status: number;
  readonly body: unknown;
}

export interface TracesApp {
  get(path: string): Promise<TracesHttpResult>;
  /** Server log lines (5xx). */
  readonly log: string[];
}

export function useTracesApp(): (deps: TracesRoutesDeps) => Promise<TracesApp> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => {
              resolve();
            });
          }),
      ),
    );
  });
  return async (deps) => {
    const log: string[] = [];
    const app = express();
    app.use(createTracesRouter(deps));
    app.use(notFoundHandler);
    app.use(consoleErrorHandler({ log: (line) => log.push(line) }));
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      log,
      async get(path) {
        const response = await fetch(`${base}${path}`);
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        return { status: response.status, body };
      },
    };
  };
}
