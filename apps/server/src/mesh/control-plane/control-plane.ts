/**
 * The control plane's running part: from the config store's mesh and the platform's instances it
 * compiles each proxy's snapshot, pushes it when it changes, and serves its HTTP endpoints (config
 * push, proxy-status, and whatever else mounts `extraRoutes`, e.g. Prometheus service discovery).
 * A config change first lets the platform follow the registry (replicas), then re-pushes.
 */
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import { serveRoutes } from '../../net/route-server.ts';
import type { Route } from '../../net/route-server.ts';
import type { PlatformView } from '../platform/placement.ts';
import type { ConfigStore } from './config-store/index.ts';
import { ProxyCompiler } from './push/proxy-compiler.ts';
import { ConfigPushServer } from './push/push-server.ts';
import type { Bootstrap } from './push/protocol.ts';

export { podOfNode } from './push/proxy-compiler.ts';

export interface ControlPlaneOptions {
  readonly store: ConfigStore;
  readonly platform: PlatformView;
  /**
   * Called on every change the store commits before proxies are re-pushed: the platform follows
   * the registry (replicas). Absent when the store's writer is another process, which then
   * tells this one of changes (`meshChanged`).
   */
  readonly followRegistry?: (registry: ReturnType<ConfigStore['snapshot']>['registry']) => Promise<void>;
  readonly host: string;
  readonly port: number;
  readonly extraRoutes?: readonly Route[];
  readonly log?: (line: string) => void;
}

export interface RunningControlPlane {
  readonly url: string;
  readonly push: ConfigPushServer;
  close(): Promise<void>;
}

/** One proxy's snapshot from the current mesh and placement, as a push would send it. */
export function compileFor(
  store: ConfigStore,
  platform: PlatformView,
  b: Bootstrap,
): ProxySnapshot | undefined {
  return new ProxyCompiler(store, platform).compile(b)?.snapshot;
}

/**
 * The snapshot of the proxy of a pod (`reviews-v1-0`) or, when no pod has that name, of a workload's
 * first replica, as `proxy-config` shows it. Undefined when the mesh has neither.
 */
export function compileForWorkload(
  store: ConfigStore,
  platform: PlatformView,
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
  const { store, platform, followRegistry } = options;
  // One compiler for every push: what it compiled from the current mesh serves later pushes.
  const compiler = new ProxyCompiler(store, platform);
  const push = new ConfigPushServer({
    compile: (b) => compiler.compile(b)?.wire,
    ...(options.log ? { log: options.log } : {}),
  });
  const unsubscribe = followRegistry
    ? store.onChange(() => {
        followRegistry(store.snapshot().registry).then(
          () => {
            push.meshChanged();
          },
          (e: unknown) => options.log?.(`platform: ${(e as Error).message}`),
        );
      })
    : () => false;
  const server = await serveRoutes(options.host, options.port, [
    (req, res) => push.handle(req, res),
    ...(options.extraRoutes ?? []),
  ]);
  return {
    url: server.url,
    push,
    close: async () => {
      unsubscribe();
      push.close();
      await server.close();
    },
  };
}
