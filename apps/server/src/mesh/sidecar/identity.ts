/**
 * Who this proxy is, as the mesh sees it: its peer metadata (sent to the other side of every
 * request through `x-envoy-peer-metadata`), its Envoy node id, and the tracing identity Istio
 * derives from the pod's labels. Computed once at start and whenever the snapshot names a new
 * workload; the request path only reads the pre-encoded header values.
 */
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import {
  canonicalRevision,
  canonicalService,
  decodePeerMetadata,
  encodePeerMetadata,
  peerMetadataId,
} from '@meshlens/mesh-core/telemetry';
import type { PeerMetadata } from '@meshlens/mesh-core/telemetry';

export interface ProxyIdentityOptions {
  /** Istio's cluster id (`CLUSTER_ID`), `Kubernetes` by default. */
  readonly clusterId: string;
  readonly serviceAccount: string;
  /** The instance (pod) name; `<workload>-0` by default. */
  readonly podName?: string;
  readonly ip: string;
  readonly meshId: string;
}

export interface ProxyIdentity {
  readonly metadata: PeerMetadata;
  /** `x-envoy-peer-metadata` value. */
  readonly metadataHeader: string;
  /** `x-envoy-peer-metadata-id` value, Envoy's node id. */
  readonly nodeId: string;
  readonly canonicalService: string;
  readonly canonicalRevision: string;
  readonly meshId: string;
}

export function proxyIdentity(snapshot: ProxySnapshot, options: ProxyIdentityOptions): ProxyIdentity {
  const p = snapshot.proxy;
  const podName = options.podName ?? `${p.workload}-0`;
  const metadata: PeerMetadata = {
    name: podName,
    namespace: p.namespace,
    workloadName: p.workload,
    clusterId: options.clusterId,
    serviceAccount: options.serviceAccount,
    labels: p.labels,
    meshId: options.meshId,
  };
  const nodeId =
    p.kind === 'gateway'
      ? `router~${options.ip}~${podName}.${p.namespace}~${p.namespace}.svc.${p.clusterDomain}`
      : peerMetadataId({ ip: options.ip, podName, namespace: p.namespace, domain: p.clusterDomain });
  return {
    metadata,
    metadataHeader: encodePeerMetadata(metadata),
    nodeId,
    canonicalService: canonicalService(metadata),
    canonicalRevision: canonicalRevision(metadata),
    meshId: options.meshId,
  };
}

/**
 * Decoded peer metadata by header value. Peers are few and their headers constant, so each value
 * is decoded once; the cache is bounded so a client sending random values cannot grow it.
 */
export class PeerCache {
  readonly #decoded = new Map<string, PeerMetadata | undefined>();

  constructor(private readonly limit = 1024) {}

  get(value: string): PeerMetadata | undefined {
    if (this.#decoded.has(value)) return this.#decoded.get(value);
    const peer = decodePeerMetadata(value);
    if (this.#decoded.size >= this.limit) this.#decoded.clear();
    this.#decoded.set(value, peer);
    return peer;
  }
}
