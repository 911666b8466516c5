/**
 * Each proxy's snapshot from the current mesh and placement, as cheaply as a push of every proxy at
 * once needs it:
 *
 * - compiled once per distinct proxy config: the snapshot before addresses depends only on the
 *   mesh (its resources, registry and options, one set of objects per store revision) and on the
 *   proxy's kind, namespace and workload, so replicas of a workload share it and a push that only
 *   moves endpoints (a replica restarting) compiles nothing;
 * - addressed per proxy, since addresses come from the platform at the time of the push (and the
 *   inbound cluster's from the proxy's own pod), but a cluster whose endpoints resolve to the same
 *   addresses as last time is the same addressed object as last time: proxies of one namespace
 *   share their outbound clusters;
 * - serialized and hashed by `SnapshotWriter`, which does each shared piece once.
 */
import { compileSnapshot } from '@meshlens/mesh-core/routing';
import type { Cluster, ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { MeshSnapshot } from '@meshlens/mesh-core/validation';
import type { PlatformView } from '../../platform/placement.ts';
import type { ConfigStore } from '../config-store/index.ts';
import type { Bootstrap } from './protocol.ts';
import { SnapshotWriter } from './snapshot-wire.ts';
import type { WireSnapshot } from './snapshot-wire.ts';

/** The pod name inside an Envoy node id `sidecar~<ip>~<pod>.<namespace>~<domain>`. */
export function podOfNode(node: string, namespace: string): string {
  const id = node.split('~')[2] ?? '';
  return id.endsWith(`.${namespace}`) ? id.slice(0, -(namespace.length + 1)) : id;
}

export interface CompiledProxy {
  readonly snapshot: ProxySnapshot;
  readonly wire: WireSnapshot;
}

/** The snapshots compiled from one mesh, by proxy kind, namespace and workload. */
interface MeshCompilations {
  readonly mesh: MeshSnapshot;
  readonly byProxy: Map<string, ProxySnapshot>;
}

/** A cluster with addresses: the addresses it was built for, joined, and the result. */
interface Addressed {
  readonly key: string;
  readonly cluster: Cluster;
}

export class ProxyCompiler {
  readonly #writer = new SnapshotWriter();
  #compiled: MeshCompilations | undefined;
  readonly #addressed = new WeakMap<Cluster, Addressed>();

  constructor(
    private readonly store: ConfigStore,
    private readonly platform: PlatformView,
  ) {}

  /** The proxy's snapshot with its wire form; undefined when the mesh has no such workload. */
  compile(b: Bootstrap): CompiledProxy | undefined {
    const mesh = this.store.snapshot();
    const workload = mesh.registry.workloads.find(
      (w) => w.name === b.workload && w.namespace === b.namespace,
    );
    if (!workload) return undefined;
    const base = this.#base(mesh, b);
    const plan = this.platform.addressPlan(this.platform.byPod(b.namespace, podOfNode(b.node, b.namespace)));
    const clusters = base.clusters.map((cluster) =>
      this.#withAddresses(cluster, (e) =>
        cluster.kind === 'inbound' ? plan.app(e) : plan.sidecarInbound(e),
      ),
    );
    return this.#writer.write({ ...base, clusters: Object.freeze(clusters) as Cluster[] });
  }

  #base(mesh: MeshSnapshot, b: Bootstrap): ProxySnapshot {
    const same =
      this.#compiled?.mesh.resources === mesh.resources &&
      this.#compiled.mesh.registry === mesh.registry &&
      this.#compiled.mesh.options === mesh.options;
    const compiled: MeshCompilations =
      same && this.#compiled ? this.#compiled : { mesh, byProxy: new Map<string, ProxySnapshot>() };
    this.#compiled = compiled;
    const key = `${b.kind}/${b.namespace}/${b.workload}`;
    let snapshot = compiled.byProxy.get(key);
    if (snapshot === undefined) {
      snapshot = compileSnapshot({
        resources: mesh.resources,
        registry: mesh.registry,
        ...(mesh.options ? { options: mesh.options } : {}),
        proxy: { kind: b.kind, workload: b.workload, namespace: b.namespace },
        // The writer gives the addressed snapshot its revision; this one is never sent.
        revision: '',
      });
      compiled.byProxy.set(key, snapshot);
    }
    return snapshot;
  }

  /** `cluster` with each endpoint's address from `resolve`; the same object for the same addresses. */
  #withAddresses(cluster: Cluster, resolve: (e: Cluster['endpoints'][number]) => string | null): Cluster {
    if (cluster.endpoints.length === 0) return cluster;
    const addresses = cluster.endpoints.map(resolve);
    const key = JSON.stringify(addresses);
    const known = this.#addressed.get(cluster);
    if (known?.key === key) return known.cluster;
    const addressed: Cluster = Object.freeze({
      ...cluster,
      endpoints: Object.freeze(
        cluster.endpoints.map((e, i) => Object.freeze({ ...e, address: addresses[i] ?? null })),
      ) as Cluster['endpoints'],
    });
    this.#addressed.set(cluster, { key, cluster: addressed });
    return addressed;
  }
}
