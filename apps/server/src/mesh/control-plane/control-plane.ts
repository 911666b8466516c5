/**
 * The control plane's running part: from the config store's mesh and the platform's instances it
 * compiles each proxy's snapshot, pushes it when it changes, and serves its HTTP endpoints (config
 * push, proxy-status, and whatever else mounts `extraRoutes`, e.g. Prometheus service discovery).
 * A config change first lets the platform follow the registry (replicas), then re-pushes.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { compileSnapshot, withEndpointAddresses } from '@meshlens/mesh-core/routing';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { LocalPlatform } from '../platform/local-platform.ts';
import type { ConfigStore } from './config-store/index.ts';
import { ConfigPushServer } from './push/push-server.ts';
import type { Bootstrap } from './push/protocol.ts';

export interface ControlPlaneOptions {
  readonly store: ConfigStore;
  readonly platform: LocalPlatform;
  readonly host: string;
  readonly port: number;
  readonly extraRoutes?: ReadonlyArray<(req: IncomingMessage, res: ServerResponse) => boolean>;
  readonly log?: (line: string) => void;
}

export interface RunningControlPlane {
  readonly url: string;
  readonly push: ConfigPushServer;
  close(): Promise<void>;
}

/** The pod name inside an Envoy node id `sidecar~<ip>~<pod>.<namespace>~<domain>`. */
export function podOfNode(node: string, namespace: string): string {
  const id = node.split('~')[2] ?? '';
  return id.endsWith(`.${namespace}`) ? id.slice(0, -(namespace.length + 1)) : id;
}

export function compileFor(
  store: ConfigStore,
  platform: LocalPlatform,
  b: Bootstrap,
): ProxySnapshot | undefined {
  const mesh = store.snapshot();
  const self = platform.byPod(b.namespace, podOfNode(b.node, b.namespace));
  const workload = mesh.registry.workloads.find((w) => w.name === b.workload && w.namespace === b.namespace);
  if (!workload) return undefined;
  const snapshot = compileSnapshot({
    resources: mesh.resources,
    registry: mesh.registry,
    ...(mesh.options ? { options: mesh.options } : {}),
    proxy: { kind: b.kind, workload: b.workload, namespace: b.namespace },
  });
  const plan = platform.addressPlan(self);
  return withEndpointAddresses(snapshot, (endpoint, cluster) =>
    cluster.kind === 'inbound' ? plan.app(endpoint) : plan.sidecarInbound(endpoint),
  );
}

/**
 * The snapshot of the proxy of a pod (`reviews-v1-0`) or, when no pod has that name, of a workload's
 * first replica, as `proxy-config` shows it. Undefined when the mesh has neither.
 */
export function compileForWorkload(
  store: ConfigStore,
  platform: LocalPlatform,
  target: { readonly namespace: string; readonly name: string },
): ProxySnapshot | undefined {
  const { namespace, name } = target;
  const instance = platform.byPod(namespace, name);
  // A pod not running (yet) is still named `<workload>-<replica>`, as the platform names them.
  const replica = /^(.+)-(\d+)$/.exec(name);
  const workloads = store.snapshot().registry.workloads.filter((w) => w.namespace === namespace);
  const workload =
    workloads.find((w) => w.name === (instance?.workload ?? name)) ??
    workloads.find((w) => w.name === replica?.[1] && Number(replica[2]) < w.replicas);
  if (!workload) return undefined;
  const kind = instance?.kind ?? (workload.labels.istio === 'ingressgateway' ? 'gateway' : 'sidecar');
  const pod = instance?.pod ?? (workload.name === name ? `${name}-0` : name);
  const prefix = kind === 'gateway' ? 'router' : 'sidecar';
  return compileFor(store, platform, {
    node: `${prefix}~127.0.0.1~${pod}.${namespace}~${namespace}.svc.cluster.local`,
    kind,
    namespace,
    workload: workload.name,
  });
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const { store, platform } = options;
  const push = new ConfigPushServer({
    compile: (b) => compileFor(store, platform, b),
    ...(options.log ? { log: options.log } : {}),
  });
  const unsubscribe = store.onChange(() => {
    platform.reconcile(store.snapshot().registry).then(
      () => {
        push.meshChanged();
      },
      (e: unknown) => options.log?.(`platform: ${(e as Error).message}`),
    );
  });
  const server: Server = createServer((req, res) => {
    if (push.handle(req, res)) return;
    for (const route of options.extraRoutes ?? []) if (route(req, res)) return;
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
    server.listen(options.port, options.host, () => {
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    push,
    close: async () => {
      unsubscribe();
      push.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
