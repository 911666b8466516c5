/**
 * A workload for tests: answers every request with what it saw (JSON), and on `/call/<host:port>/<path>`
 * calls another service through its own sidecar the way Bookinfo's apps do (absolute-form request
 * to the HTTP_PROXY, propagating the request id and trace headers), answering with what came back.
 */
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface TestApp {
  readonly name: string;
  readonly port: number;
  readonly server: Server;
  readonly seen: SeenRequest[];
  /** The outbound port of this app's sidecar, for `/call/…` requests. */
  proxyPort: number | undefined;
  close(): Promise<void>;
}

/** Headers an app must copy from its inbound request to its outbound ones for tracing to work. */
export const PROPAGATED = [
  'x-request-id',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
  'traceparent',
  'tracestate',
  'end-user',
];

export function startTestApp(name: string, port = 0): Promise<TestApp> {
  const seen: SeenRequest[] = [];
  const app: { proxyPort: number | undefined } = { proxyPort: undefined };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const call = /^\/call\/([^/]+)(\/.*)?$/.exec(path);
    if (call && app.proxyPort !== undefined) {
      const headers: Record<string, string> = { host: call[1] ?? '' };
      for (const h of PROPAGATED) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const up = request(
        { host: '127.0.0.1', port: app.proxyPort, path: `http://${call[1] ?? ''}${call[2] ?? '/'}`, headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, { 'content-type': r.headers['content-type'] ?? 'text/plain' });
          r.pipe(res);
        },
      );
      up.on('error', (e) => {
        res.writeHead(599);
        res.end(e.message);
      });
      up.end();
      return;
    }
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ workload: name, method: req.method, path, headers: req.headers });
      const delay = /[?&]delay=(\d+)/.exec(path);
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/json', server: `${name}-app` });
        res.end(body);
      };
      // `?delay=<ms>` answers late: an app that is slow, for requests still in flight.
      if (delay) setTimeout(answer, Number(delay[1]));
      else answer();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve(
        Object.assign(app, {
          name,
          port: bound,
          server,
          seen,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                done();
              });
              server.closeAllConnections();
            }),
        }),
      );
    });
  });
}
