/**
 * The peer-metadata exchange: each sidecar tells the other side who it is, so both can fill the
 * `source_*` and `destination_*` metric labels. The client sidecar adds the headers to the request,
 * the server sidecar to the response, and each removes the other's headers before the app sees them.
 *
 * Format choice: Istio's header names, `x-envoy-peer-metadata` and `x-envoy-peer-metadata-id`, and
 * Istio's node-metadata key names (`NAME`, `NAMESPACE`, `WORKLOAD_NAME`, `CLUSTER_ID`, `LABELS`,
 * `SERVICE_ACCOUNT`, `MESH_ID`). Istio's value is base64 of a protobuf-serialized
 * `google.protobuf.Struct`; ours is base64 of the same struct as UTF-8 JSON, because a protobuf
 * codec is not worth a dependency in this isomorphic package. So Meshlens sidecars understand each
 * other but not Envoy's metadata_exchange filter; a value we cannot parse decodes to `undefined`
 * and the labels fall back to `unknown`, exactly as Istio does for a peer without metadata.
 * The id header is Envoy's node id: `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`.
 */
import { z } from 'zod';

export const PEER_METADATA_HEADER = 'x-envoy-peer-metadata';
export const PEER_METADATA_ID_HEADER = 'x-envoy-peer-metadata-id';

/** What one proxy knows about its own workload. */
export interface PeerMetadata {
  /** The pod (instance) name. */
  readonly name: string;
  readonly namespace: string;
  /** The owning workload, e.g. the Deployment `reviews-v1`. */
  readonly workloadName: string;
  /** Istio's cluster id, e.g. `Kubernetes`. */
  readonly clusterId: string;
  readonly serviceAccount: string;
  /** The pod's labels: `app`, `version`, `service.istio.io/canonical-name`, … */
  readonly labels: Readonly<Record<string, string>>;
  readonly meshId?: string;
}

const wireSchema = z.object({
  NAME: z.string(),
  NAMESPACE: z.string(),
  WORKLOAD_NAME: z.string(),
  CLUSTER_ID: z.string().default(''),
  SERVICE_ACCOUNT: z.string().default(''),
  LABELS: z.record(z.string(), z.string()).default({}),
  MESH_ID: z.string().optional(),
});

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding; `btoa` is not part of this package's ES-only platform. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64_ALPHABET.charAt((triple >> 18) & 63);
    out += BASE64_ALPHABET.charAt((triple >> 12) & 63);
    out += b === undefined ? '=' : BASE64_ALPHABET.charAt((triple >> 6) & 63);
    out += c === undefined ? '=' : BASE64_ALPHABET.charAt(triple & 63);
  }
  return out;
}

/** Decodes standard base64 (padding optional); `undefined` for any other character. */
export function base64Decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE64_ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** The `x-envoy-peer-metadata` value for a proxy's own metadata. */
export function encodePeerMetadata(peer: PeerMetadata): string {
  const wire = {
    NAME: peer.name,
    NAMESPACE: peer.namespace,
    WORKLOAD_NAME: peer.workloadName,
    CLUSTER_ID: peer.clusterId,
    SERVICE_ACCOUNT: peer.serviceAccount,
    LABELS: peer.labels,
    ...(peer.meshId === undefined ? {} : { MESH_ID: peer.meshId }),
  };
  return base64Encode(new TextEncoder().encode(JSON.stringify(wire)));
}

/**
 * Reads an `x-envoy-peer-metadata` value. A missing or malformed header is not an error on the
 * request path: it yields `undefined`, and the peer's labels are reported as `unknown`.
 */
export function decodePeerMetadata(value: string | undefined): PeerMetadata | undefined {
  if (value === undefined || value === '') return undefined;
  const bytes = base64Decode(value.trim());
  if (bytes === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const wire = parsed.data;
  return {
    name: wire.NAME,
    namespace: wire.NAMESPACE,
    workloadName: wire.WORKLOAD_NAME,
    clusterId: wire.CLUSTER_ID,
    serviceAccount: wire.SERVICE_ACCOUNT,
    labels: wire.LABELS,
    ...(wire.MESH_ID === undefined ? {} : { meshId: wire.MESH_ID }),
  };
}

/** The `x-envoy-peer-metadata-id` value: Envoy's sidecar node id. */
export function peerMetadataId(options: {
  readonly ip: string;
  readonly podName: string;
  readonly namespace: string;
  readonly domain?: string;
}): string {
  const domain = options.domain ?? 'cluster.local';
  return `sidecar~${options.ip}~${options.podName}.${options.namespace}~${options.namespace}.svc.${domain}`;
}
