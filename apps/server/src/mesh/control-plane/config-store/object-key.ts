/**
 * Object identity and the stored form of a document. An object is keyed by kind, namespace
 * and name (every kind Meshlens reads has one group, so the kind names the group too);
 * cluster-scoped kinds have the namespace `''`. The stored document is the one the user
 * applied, less what the server owns (`resourceVersion`, `uid`, `generation`, timestamps,
 * `status`), with its namespace made explicit.
 */
import { isIstioKind, isKubeKind, isPlainObject, istioGroupOf } from '@meshlens/mesh-core/config';
import type { Resource, ResourceKind } from '@meshlens/mesh-core/config';

export interface ObjectKey {
  readonly kind: ResourceKind;
  /** `''` for cluster-scoped kinds (Namespace). */
  readonly namespace: string;
  readonly name: string;
}

export type StoredDocument = Record<string, unknown>;

/** Metadata the store owns: ignored on input, filled in on output. */
export const serverManagedMetadata = [
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
] as const;

export function isResourceKind(kind: string): kind is ResourceKind {
  return isIstioKind(kind) || isKubeKind(kind);
}

/** The API group of a kind: `networking.istio.io`, `apps`, or `''` for Kubernetes' core group. */
export function groupOf(kind: ResourceKind): string {
  if (isIstioKind(kind)) return istioGroupOf[kind];
  return kind === 'Deployment' ? 'apps' : '';
}

export function isClusterScoped(kind: ResourceKind): boolean {
  return kind === 'Namespace';
}

/** `Kind/namespace/name`, as mesh-core's `resourceKey` writes it. */
export function keyString(key: ObjectKey): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}

export function describeKey(key: ObjectKey): string {
  return key.namespace === '' ? `${key.kind} ${key.name}` : `${key.kind} ${key.namespace}/${key.name}`;
}

export function keyOf(resource: Resource): ObjectKey {
  const kind = resource.kind;
  return {
    kind,
    namespace: isClusterScoped(kind) ? '' : resource.metadata.namespace,
    name: resource.metadata.name,
  };
}

/** The document as stored: server-owned fields removed, the namespace explicit, key order kept. */
export function storedDocument(resource: Resource): StoredDocument {
  const key = keyOf(resource);
  const out: StoredDocument = {};
  for (const [field, value] of Object.entries(resource.body)) {
    if (field === 'status') continue;
    if (field !== 'metadata') {
      out[field] = value;
      continue;
    }
    const managed = new Set<string>(serverManagedMetadata);
    const metadata = Object.fromEntries(
      Object.entries(isPlainObject(value) ? value : {}).filter(([name]) => !managed.has(name)),
    );
    if (key.namespace === '') delete metadata.namespace;
    else metadata.namespace = key.namespace;
    out.metadata = metadata;
  }
  return out;
}

/** JSON with object keys sorted: equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What `generation` counts changes of: everything but metadata (Kubernetes' rule for CRDs). */
export function generationDigest(document: StoredDocument): string {
  const { metadata: _metadata, ...rest } = document;
  return canonicalJson(rest);
}

/** A stored document as a mesh-core resource (no source position: it was not read from a file). */
export function toResource(key: ObjectKey, apiVersion: string, document: StoredDocument): Resource {
  const metadata = isPlainObject(document.metadata) ? document.metadata : {};
  return {
    kind: key.kind,
    apiVersion,
    metadata: {
      name: key.name,
      namespace: key.namespace,
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
    },
    body: document,
  };
}

function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
