/**
 * The control plane's config API, what `meshlens apply|get|delete|history|rollback|proxy-status|
 * proxy-config` call: thin routes over the config store (parse the request, call one store method,
 * write JSON). Refused config is data: 422 with the store's result and its findings. Every other
 * failure is one JSON body `{ error, reason }`, its status from the store error's reason.
 *
 * - `POST /api/config/apply?dryRun=&namespace=&file=` (body: YAML or JSON text)
 * - `GET /api/config/objects?kind=&namespace=`
 * - `GET|DELETE /api/config/objects/{kind}/{namespace}/{name}` (`?resourceVersion=` on DELETE)
 * - `GET …/{name}/history`, `GET …/{name}/diff?from=&to=`, `POST …/{name}/rollback?revision=`
 * - `GET /api/proxy-status`, `GET /api/proxy-config/{namespace}/{pod-or-workload}`
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { ResourceKind } from '@meshlens/mesh-core/config';
import { ConfigStoreError, qualifiedResource } from './config-store/index.ts';
import type { ApplyResult, ConfigStore, ConfigStoreErrorReason, ObjectName } from './config-store/index.ts';
import { resolveKind } from './kind-names.ts';
import type { ProxyStatus } from './push/protocol.ts';

export interface ConfigApiDeps {
  /** Each proxy's push state; a promise when the control plane runs in another process. */
  proxyStatus(): readonly ProxyStatus[] | Promise<readonly ProxyStatus[]>;
  /** The snapshot the control plane would send the proxy of this pod (or workload); undefined if none. */
  compileForWorkload(namespace: string, podOrWorkload: string): ProxySnapshot | undefined;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
}

const statusOfReason: Readonly<Record<ConfigStoreErrorReason, number>> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
};

/** A request the API refuses before reaching the store. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (url: URL, req: IncomingMessage) => Promise<{ status: number; body: unknown }>;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new ApiError(413, `request body over the limit of ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function booleanParam(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw new ApiError(400, `parameter ${name} must be true or false, not ${JSON.stringify(value)}`);
}

function requiredParam(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (value === null || value === '') throw new ApiError(400, `parameter ${name} is required`);
  return value;
}

function kindParam(word: string, parameter: string): ResourceKind {
  const kind = resolveKind(word);
  if (!kind) throw new ApiError(400, `parameter ${parameter}: unknown kind ${JSON.stringify(word)}`);
  return kind;
}

const refusedOr = (result: ApplyResult): { status: number; body: unknown } => ({
  status: result.status === 'refused' ? 422 : 200,
  body: result,
});

/** Routes under one object: `objects/{kind}/{namespace}/{name}[/history|/diff|/rollback]`. */
function objectRoute(store: ConfigStore, method: string, parts: readonly string[]): Handler | undefined {
  const [kind = '', namespace = '', name = '', action, ...rest] = parts.map(decodeURIComponent);
  if (name === '' || rest.length > 0) return undefined;
  const object = (): ObjectName & { kind: ResourceKind } => ({
    kind: kindParam(kind, 'kind'),
    namespace,
    name,
  });
  const route = `${method} ${action ?? ''}`;
  switch (route) {
    case 'GET ':
      return () => {
        const wanted = object();
        const found = store.get(wanted);
        if (!found) {
          const where = wanted.kind === 'Namespace' ? '' : ` in namespace "${namespace}"`;
          throw new ApiError(404, `${qualifiedResource(wanted.kind)} "${name}" not found${where}`);
        }
        return Promise.resolve({ status: 200, body: found });
      };
    case 'DELETE ':
      return (url) => {
        const resourceVersion = url.searchParams.get('resourceVersion');
        const options = {
          dryRun: booleanParam(url, 'dryRun'),
          ...(resourceVersion !== null ? { resourceVersion } : {}),
        };
        return Promise.resolve(refusedOr(store.delete(object(), options)));
      };
    case 'GET history':
      return () => Promise.resolve({ status: 200, body: { revisions: store.history(object()) } });
    case 'GET diff':
      return (url) => {
        const diff = store.diff(object(), requiredParam(url, 'from'), requiredParam(url, 'to'));
        return Promise.resolve({ status: 200, body: { diff } });
      };
    case 'POST rollback':
      return (url) => {
        const revision = requiredParam(url, 'revision');
        return Promise.resolve(
          refusedOr(store.rollback(object(), revision, { dryRun: booleanParam(url, 'dryRun') })),
        );
      };
    default:
      return undefined;
  }
}

function route(store: ConfigStore, deps: ConfigApiDeps, method: string, path: string): Handler | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  const [api, area, section, ...rest] = parts;
  if (api !== 'api') return undefined;
  if (area === 'proxy-status' && section === undefined && method === 'GET') {
    return async () => ({
      status: 200,
      body: { revision: store.revision(), proxies: await deps.proxyStatus() },
    });
  }
  if (area === 'proxy-config' && method === 'GET' && section !== undefined && rest.length === 1) {
    const namespace = decodeURIComponent(section);
    const pod = decodeURIComponent(rest[0] ?? '');
    return () => {
      const snapshot = deps.compileForWorkload(namespace, pod);
      if (!snapshot) throw new ApiError(404, `no pod or workload "${pod}" in namespace "${namespace}"`);
      return Promise.resolve({ status: 200, body: snapshot });
    };
  }
  if (area !== 'config') return undefined;
  if (section === 'apply' && rest.length === 0 && method === 'POST') {
    return async (url, req) => {
      const dryRun = booleanParam(url, 'dryRun');
      const header = req.headers['x-meshlens-file'];
      const file = url.searchParams.get('file') ?? (typeof header === 'string' ? header : 'request');
      const namespace = url.searchParams.get('namespace');
      const text = await readBody(req, deps.maxBodyBytes ?? 8 * 1024 * 1024);
      return refusedOr(store.applyText(text, file, { dryRun, ...(namespace !== null ? { namespace } : {}) }));
    };
  }
  if (section !== 'objects') return undefined;
  if (rest.length === 0 && method === 'GET') {
    return (url) => {
      const kind = url.searchParams.get('kind');
      const namespace = url.searchParams.get('namespace');
      const items = store.list({
        ...(kind !== null && kind !== '' ? { kind: kindParam(kind, 'kind') } : {}),
        ...(namespace !== null && namespace !== '' ? { namespace } : {}),
      });
      return Promise.resolve({ status: 200, body: { revision: store.revision(), items } });
    };
  }
  return objectRoute(store, method, rest);
}

/** The API as a control-plane route: true when it served the request. */
export function configApi(
  store: ConfigStore,
  deps: ConfigApiDeps,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control-plane');
    let handler: Handler | undefined;
    try {
      handler = route(store, deps, req.method ?? 'GET', url.pathname);
    } catch {
      // A path segment that is not valid percent-encoding.
      handler = () => Promise.reject(new ApiError(400, `malformed path ${url.pathname}`));
    }
    if (!handler) return false;
    const run = handler;
    // Handlers throw store errors synchronously too: start them inside the promise chain.
    Promise.resolve()
      .then(() => run(url, req))
      .then(
        ({ status, body }) => {
          sendJson(res, status, body);
        },
        (error: unknown) => {
          if (error instanceof ApiError) {
            const reason = error.status === 404 ? 'not-found' : 'input';
            sendJson(res, error.status, { error: error.message, reason });
          } else if (error instanceof ConfigStoreError)
            sendJson(res, statusOfReason[error.reason], { error: error.message, reason: error.reason });
          else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
        },
      );
    return true;
  };
}
