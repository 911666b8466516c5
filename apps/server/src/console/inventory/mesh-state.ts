/**
 * What the console reads about the running mesh besides telemetry, as one plain value: the
 * config store's registry, Istio resources, findings and object stamps (creation time,
 * resourceVersion), the platform's instances (and whether each is ready), and the control plane's
 * proxy sync status (with each proxy's pod and the revisions sent and acknowledged). It has the
 * shape of mesh-core's `InventoryMesh`, which the inventory pages are computed from. `MeshStateSource` is the port the console's
 * services read it through; `localMeshState` is the implementation over Meshlens' own store,
 * local platform and discovery process (tests pass a fixed `MeshState` instead).
 */
import type { IstioResource, MeshRegistry } from '@meshlens/mesh-core/config';
import type { ObjectStamp } from '@meshlens/mesh-core/inventory';
import { stampKey } from '@meshlens/mesh-core/inventory';
import type { Finding } from '@meshlens/mesh-core/validation';
import type { ConfigStore, StoredObject } from '../../mesh/control-plane/config-store/index.ts';
import type { ProxyStatus } from '../../mesh/control-plane/push/protocol.ts';
import type { Instance, InstanceProcesses } from '../../mesh/platform/local-platform.ts';
import { isRunning } from '../../mesh/platform/local-platform.ts';

/** One running (or restarting) replica of a workload. */
export interface InstanceState {
  readonly namespace: string;
  readonly workload: string;
  readonly pod: string;
  /** Its sidecar and app run: it can take traffic (Kubernetes' "available"). */
  readonly ready: boolean;
}

/** One proxy as the control plane sees it. */
export interface ProxySyncState {
  readonly namespace: string;
  readonly workload: string;
  /** Connected and running the control plane's latest snapshot (Istio's SYNCED). */
  readonly synced: boolean;
  /** The pod the proxy runs in (from its node id). */
  readonly pod?: string;
  readonly connected?: boolean;
  /** The revision last sent, and the one the proxy acknowledged (absent: none). */
  readonly sent?: string;
  readonly acked?: string;
}

export interface MeshState {
  readonly registry: MeshRegistry;
  /** Istio resources that passed their checks. */
  readonly resources: readonly IstioResource[];
  /** Istio's root namespace (`istio-system` unless MeshConfig says otherwise). */
  readonly rootNamespace: string;
  /** The cluster DNS domain (`cluster.local`), for matching service FQDNs. */
  readonly clusterDomain: string;
  /** When each namespace came to exist, in unix seconds (see `namespaceCreation`). */
  readonly namespaceCreatedSec: ReadonlyMap<string, number>;
  readonly instances: readonly InstanceState[];
  readonly proxies: readonly ProxySyncState[];
  /** MeshConfig `enableAutoMtls` (absent: Istio's default, true). */
  readonly autoMtls?: boolean;
  /** The config store's findings on the stored mesh (Kiali's validations). */
  readonly findings?: readonly Finding[];
  /** Creation time and resourceVersion of each stored object, by `stampKey(kind, ns, name)`. */
  readonly objects?: ReadonlyMap<string, ObjectStamp>;
}

export interface MeshStateSource {
  read(): Promise<MeshState>;
}

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** What the console reads of a platform instance. */
export type PlatformInstance = Pick<Instance, 'namespace' | 'workload' | 'pod' | 'appProblem'> &
  InstanceProcesses;

export function instanceState(i: PlatformInstance): InstanceState {
  return {
    namespace: i.namespace,
    workload: i.workload,
    pod: i.pod,
    // A replica whose app cannot run (unknown image, no command) serves nothing.
    ready: isRunning(i) && i.appProblem === undefined,
  };
}

/**
 * The pod of a proxy's node id: Envoy's `sidecar~<ip>~<pod>.<namespace>~<domain>`, or a bare
 * `<pod>.<namespace>`.
 */
export function podOfProxyNode(node: string, namespace: string): string {
  const parts = node.split('~');
  const id = parts.length > 2 ? (parts[2] ?? '') : node;
  return id.endsWith(`.${namespace}`) ? id.slice(0, -(namespace.length + 1)) : id;
}

export function proxySyncState(p: ProxyStatus): ProxySyncState {
  return {
    namespace: p.namespace,
    workload: p.workload,
    synced: p.connected && p.state === 'Synced',
    pod: podOfProxyNode(p.node, p.namespace),
    connected: p.connected,
    ...(p.sent === undefined ? {} : { sent: p.sent }),
    ...(p.acked === undefined ? {} : { acked: p.acked }),
  };
}

/** Creation time and resourceVersion of each stored object. */
export function objectStamps(
  objects: readonly Pick<StoredObject, 'key' | 'creationTimestamp' | 'resourceVersion'>[],
): Map<string, ObjectStamp> {
  return new Map(
    objects.map((o) => [
      stampKey(o.key.kind, o.key.namespace, o.key.name),
      { creationTimestamp: o.creationTimestamp, resourceVersion: o.resourceVersion },
    ]),
  );
}

export interface LocalMeshStateDeps {
  readonly store: Pick<ConfigStore, 'snapshot' | 'list'> & Partial<Pick<ConfigStore, 'validations'>>;
  readonly platform: { instances(): readonly PlatformInstance[] };
  /** The control plane's proxy status (empty while it is away). */
  proxyStatus(): Promise<readonly ProxyStatus[]>;
}

/**
 * When each namespace came to exist: its Namespace object's creation, or, for a namespace that
 * only its objects imply (`default`, as Kubernetes always has it), the creation of its oldest
 * object. Kiali shortens a graph's query range to the namespace's lifetime; without a time for
 * implied namespaces, a fresh mesh's rates there would be averaged over minutes before it ran.
 */
export function namespaceCreation(
  objects: readonly Pick<StoredObject, 'key' | 'creationTimestamp'>[],
): Map<string, number> {
  const created = new Map<string, number>();
  for (const o of objects) {
    const ms = Date.parse(o.creationTimestamp);
    if (!Number.isFinite(ms)) continue;
    const namespace = o.key.kind === 'Namespace' ? o.key.name : o.key.namespace;
    const sec = Math.floor(ms / 1000);
    created.set(namespace, Math.min(sec, created.get(namespace) ?? sec));
  }
  return created;
}

/** The mesh as Meshlens itself runs it. */
export function localMeshState(deps: LocalMeshStateDeps): MeshStateSource {
  return {
    async read() {
      const proxies = await deps.proxyStatus();
      const snapshot = deps.store.snapshot();
      const stored = deps.store.list();
      return {
        registry: snapshot.registry,
        resources: snapshot.resources,
        rootNamespace: snapshot.options?.rootNamespace ?? DEFAULT_ROOT_NAMESPACE,
        clusterDomain: snapshot.options?.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
        namespaceCreatedSec: namespaceCreation(stored),
        instances: deps.platform.instances().map(instanceState),
        proxies: proxies.map(proxySyncState),
        autoMtls: snapshot.options?.autoMtls ?? true,
        findings: deps.store.validations?.() ?? [],
        objects: objectStamps(stored),
      };
    },
  };
}
