/**
 * A stand-in for the sidecars between demo apps, for tests: it records every request it is sent
 * (origin-form, as to a service address, or absolute-form, as to an HTTP proxy) and passes it on to
 * the app that serves the request's `Host`.
 */
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  /** The request target as received: `/reviews/0`, or `http://reviews:9080/reviews/0` through a proxy. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Recorder {
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** The requests sent for one authority, e.g. `ratings:9080`. */
  to(authority: string): RecordedRequest[];
  close(): Promise<void>;
}

/** `upstreams` maps an authority (`reviews:9080`) to the local port of the app serving it. */
export async function startRecorder(upstreams: Readonly<Record<string, number>>): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const authority = req.headers.host ?? '';
    requests.push({ method: req.method ?? 'GET', target, headers: req.headers });
    const port = upstreams[authority];
    if (port === undefined) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`no upstream for ${authority}`);
      return;
    }
    const path = target.startsWith('/') ? target : new URL(target).pathname + new URL(target).search;
    const up = request({ host: '127.0.0.1', port, method: req.method, path, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(error.message);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('recorder has no port');
  return {
    port: address.port,
    requests,
    to: (authority) => requests.filter((r) => r.headers.host === authority),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
