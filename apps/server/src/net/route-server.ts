/**
 * A plain HTTP server over a list of routes: each route answers the requests it recognises and
 * returns true, the first to do so wins; `/healthz` answers `ok`; anything else is a JSON 404.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface RouteServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serveRoutes(
  host: string,
  port: number,
  routes: readonly Route[],
): Promise<RouteServer> {
  const server: Server = createServer((req, res) => {
    for (const route of routes) if (route(req, res)) return;
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no such endpoint: ${req.method ?? ''} ${req.url ?? ''}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
