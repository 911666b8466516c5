/**
 * Runs one demo app on a node:http server: reads the request, answers it with the app's handler,
 * and writes one log line per request (`<time> <method> <path> <status> <duration>ms`).
 *
 * Every app also has an admin switch for resilience demos, on its own port under `/admin/`:
 * `POST /admin/fail` makes every other request answer 503 `{"error": "Service unavailable"}` (the
 * body Istio's own failing ratings versions send) until `POST /admin/recover`; `GET /admin/status`
 * tells which state the app is in.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BOOKINFO_PORT, defaultVersion, isDemoAppVersion } from './apps.ts';
import type { DemoAppName, UpstreamService } from './apps.ts';
import { createDetails } from './details.ts';
import type { DemoAppHandler, DemoRequest, DemoResponse } from './handler.ts';
import { jsonResponse, textResponse } from './handler.ts';
import { createProductPage } from './productpage.ts';
import { createRatings } from './ratings.ts';
import { createReviews } from './reviews.ts';
import type { HostPort } from './upstream.ts';
import { hostname } from 'node:os';

export interface DemoAppOptions {
  readonly app: DemoAppName;
  /** One of `DEMO_APP_VERSIONS[app]`; the first by default. */
  readonly version?: string | undefined;
  /** 9080 by default, as Bookinfo's apps; 0 picks a free port. */
  readonly port?: number | undefined;
  /** 127.0.0.1 by default: the app is reached through its sidecar, next to it. */
  readonly host?: string | undefined;
  /** The sidecar's outbound listener, if calls go through one (`HTTP_PROXY`). */
  readonly proxy?: HostPort | undefined;
  /** Direct addresses for the services the app calls (`SERVICES_<NAME>`). */
  readonly services?: Partial<Record<UpstreamService, HostPort>> | undefined;
  /** reviews' "Reviews served by" (`HOSTNAME`); this machine's name by default. */
  readonly podName?: string | undefined;
  /** reviews' `clustername` (`CLUSTER_NAME`). */
  readonly clusterName?: string | undefined;
  /** Where the request log goes, one line per call; stdout by default. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningDemoApp {
  readonly app: DemoAppName;
  readonly version: string;
  readonly host: string;
  readonly port: number;
  /** Whether the admin switch has the app failing. */
  failing(): boolean;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

function createHandler(options: DemoAppOptions, version: string): DemoAppHandler {
  const routes = { proxy: options.proxy, services: options.services };
  switch (options.app) {
    case 'productpage':
      return createProductPage({ version, routes });
    case 'details':
      return createDetails();
    case 'reviews':
      return createReviews({
        version,
        routes,
        podName: options.podName ?? hostname(),
        clusterName: options.clusterName,
      });
    case 'ratings':
      return createRatings({ version });
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function toRequest(req: IncomingMessage, body: string): DemoRequest {
  const target = req.url ?? '/';
  // An absolute-form target (`GET http://reviews:9080/reviews/0`) names the same path.
  const parsed = new URL(
    /^https?:\/\//i.test(target) ? target : `/${target.replace(/^\/+/, '')}`,
    'http://app.invalid',
  );
  const url = parsed.pathname + parsed.search;
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the path as sent
  }
  return { method: req.method ?? 'GET', url, path, query: parsed.searchParams, headers: req.headers, body };
}

export async function startDemoApp(options: DemoAppOptions): Promise<RunningDemoApp> {
  const version = options.version ?? defaultVersion(options.app);
  if (!isDemoAppVersion(options.app, version)) {
    throw new Error(`${options.app} has no version "${version}"`);
  }
  const handler = createHandler(options, version);
  const log = options.log ?? ((line: string) => process.stdout.write(line));
  const state = { failing: false };

  const admin = (request: DemoRequest): DemoResponse => {
    const action = request.path.slice('/admin/'.length);
    const expected = action === 'status' ? 'GET' : 'POST';
    if (!['fail', 'recover', 'status'].includes(action)) return textResponse(404, 'Not Found\n');
    if (request.method !== expected) return textResponse(405, `Use ${expected} for /admin/${action}\n`);
    if (action === 'fail') state.failing = true;
    if (action === 'recover') state.failing = false;
    return jsonResponse(200, { app: options.app, version, failing: state.failing });
  };

  const answer = async (req: IncomingMessage): Promise<DemoResponse> => {
    const body = await readBody(req);
    if (body === undefined) return textResponse(413, 'Payload Too Large\n');
    const request = toRequest(req, body);
    if (request.path.startsWith('/admin/')) return admin(request);
    if (state.failing) return jsonResponse(503, { error: 'Service unavailable' });
    return handler.handle(request);
  };

  const respond = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const write = (response: DemoResponse): void => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(response.status, { ...response.headers });
        res.end(response.body);
      }
      const durationMs = Math.round(performance.now() - started);
      log(
        `${new Date().toISOString()} ${req.method ?? '-'} ${req.url ?? '/'} ${response.status} ${durationMs}ms\n`,
      );
    };
    answer(req).then(write, (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      write(textResponse(500, `Internal Server Error: ${message}\n`));
    });
  };

  const server = createServer(respond);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? BOOKINFO_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address !== null ? address.port : (options.port ?? BOOKINFO_PORT);
  return {
    app: options.app,
    version,
    host,
    port,
    failing: () => state.failing,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close?.();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
