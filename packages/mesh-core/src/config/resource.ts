import type { IstioSpecs } from './istio-types.gen.ts';
import type { IstioKind, KubeKind, ResourceKind } from './kinds.ts';
import type { Path } from './path.ts';
import type { ObjectRef, SourcePosition } from '../validation/finding.ts';

export interface ObjectMeta {
  readonly name: string;
  /** The namespace written in the file, or the default namespace the input was read with. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Where a resource was read from, and how to find any of its fields there. */
export interface ResourceSource {
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly document: number;
  /**
   * The position of the field at `path` (segments from the resource's root, e.g.
   * `['spec', 'http', 0]`), or of its nearest ancestor that exists.
   */
  locate(path: Path): SourcePosition;
}

/** A resource as read: typed header, and the whole body as plain data (spec and all). */
export interface Resource<K extends ResourceKind = ResourceKind> {
  readonly kind: K;
  readonly apiVersion: string;
  readonly metadata: ObjectMeta;
  readonly body: Readonly<Record<string, unknown>>;
  readonly source?: ResourceSource;
}

/** An Istio resource whose spec passed structural validation, typed by its CRD schema. */
export interface IstioResource<K extends IstioKind = IstioKind> extends Resource<K> {
  readonly spec: IstioSpecs[K];
}

export type KubeResource<K extends KubeKind = KubeKind> = Resource<K>;

export function objectRef(resource: Resource): ObjectRef {
  return {
    kind: resource.kind,
    apiVersion: resource.apiVersion,
    name: resource.metadata.name,
    namespace: resource.metadata.namespace,
  };
}

/** Identity of a resource within a mesh: kind, namespace and name. */
export function resourceKey(ref: { kind: string; metadata: { namespace: string; name: string } }): string {
  return `${ref.kind}/${ref.metadata.namespace}/${ref.metadata.name}`;
}
