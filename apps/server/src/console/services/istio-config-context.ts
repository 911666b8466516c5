/**
 * What the Istio config use cases share (Kiali's endpoints, dry runs, revisions and rollback):
 * the store's errors as the console's, the path's kind resolved, the namespaces the mesh has,
 * and an object's Kiali details, written or only proposed by a dry run. There is one
 * validation path: the store's findings, shaped by mesh-core's Kiali mapping.
 */
import type { IstioConfigDetails, IstioValidation } from '@meshlens/mesh-core/api/istio-config';
import { gvkOfStoredKind, resolvePathKind } from '@meshlens/mesh-core/api/istio-config-kinds';
import type { Gvk } from '@meshlens/mesh-core/api/istio-config-kinds';
import { istioReferences } from '@meshlens/mesh-core/api/istio-config-references';
import { istioConfigDetails, objectValidations } from '@meshlens/mesh-core/api/istio-config-view';
import type { ConfigObject } from '@meshlens/mesh-core/api/istio-config-view';
import { isIstioKind } from '@meshlens/mesh-core/config';
import type { IstioKind } from '@meshlens/mesh-core/config';
import type { Finding } from '@meshlens/mesh-core/validation';
import { defaultMeshOptions } from '@meshlens/mesh-core/validation';
import type { ApplyResult, ConfigStore, StoredObject } from '../../mesh/control-plane/config-store/index.ts';
import { ConfigStoreError, qualifiedResource } from '../../mesh/control-plane/config-store/index.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import type { ConsoleErrorReason } from '../errors.ts';

/** What the console's Istio config use cases need of the config store. */
export type IstioConfigStore = Pick<
  ConfigStore,
  'get' | 'list' | 'applyText' | 'delete' | 'validations' | 'snapshot' | 'history' | 'manifestAt' | 'rollback'
>;

/** An object's place as Kiali's paths name it: the raw `{group}/{version}/{kind}` parts. */
export interface ObjectPath {
  readonly namespace: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** `clusterName`, when the request gives one. */
  readonly cluster?: string;
}

/** Options of a write: Kubernetes' dry run checks everything and writes nothing. */
export interface WriteOptions {
  readonly dryRun?: boolean;
}

const reasonOfStoreError: Readonly<Record<ConfigStoreError['reason'], ConsoleErrorReason>> = {
  input: 'input',
  'not-found': 'not-found',
  conflict: 'conflict',
  unavailable: 'unavailable',
};

/** Runs store calls; its errors become the console's, with the same message and status. */
export function guarded<T>(run: () => T, details: { readonly param?: string } = {}): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConfigStoreError) {
      throw new ConsoleError(reasonOfStoreError[error.reason], error.message, { ...details, cause: error });
    }
    throw error;
  }
}

export const configObject = (o: StoredObject): ConfigObject => ({ ...o.key, manifest: o.manifest });

/** The 422 of a refused change: the first error in the message, every finding in the body. */
export function refused(result: ApplyResult, what: string): ConsoleError {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const detail = first
    ? `: ${first.code} ${first.message}${first.path ? ` at ${first.path}` : ''}${more}`
    : '';
  return new ConsoleError('unprocessable', `${what} was refused${detail}`, { findings: result.findings });
}

export type IstioConfigContext = ReturnType<typeof istioConfigContext>;

export function istioConfigContext(store: IstioConfigStore, cluster: string) {
  const checkCluster = (asked: string | undefined): void => {
    if (asked !== undefined && asked !== '' && asked !== cluster) {
      throw new ConsoleError('input', `Cluster [${asked}] does not exist; this mesh is [${cluster}]`, {
        param: 'clusterName',
      });
    }
  };

  /** Namespaces the mesh has: declared, or implied by an object, valid or not. */
  const knownNamespaces = (): string[] =>
    guarded(() => {
      const names = new Set(store.snapshot().registry.namespaces.map((n) => n.name));
      for (const o of store.list()) if (o.key.namespace !== '') names.add(o.key.namespace);
      return [...names].sort();
    });

  const checkNamespace = (namespace: string): void => {
    if (!knownNamespaces().includes(namespace)) throw unknownNamespace(namespace, 'namespace');
  };

  const resolve = (path: ObjectPath): { kind: IstioKind; gvk: Gvk } => {
    checkCluster(path.cluster);
    const resolved = resolvePathKind(path.group, path.version, path.kind);
    if (!resolved.ok) throw new ConsoleError('input', resolved.message, { param: resolved.param });
    const kialiGvk = gvkOfStoredKind(resolved.value);
    // The object is served at the version the path asks for, as the API server serves it.
    return { kind: resolved.value, gvk: { ...kialiGvk, Version: path.version } };
  };

  const istioObjects = (): ConfigObject[] =>
    guarded(() => store.list().filter((o) => isIstioKind(o.key.kind))).map(configObject);

  const validationsOf = (
    objects: readonly ConfigObject[],
    findings?: readonly Finding[],
  ): IstioValidation[] =>
    objectValidations({ objects, findings: findings ?? guarded(() => store.validations()), cluster });

  const notFoundObject = (path: ObjectPath, kind: IstioKind, name: string): ConsoleError => {
    checkNamespace(path.namespace);
    return new ConsoleError(
      'not-found',
      `${qualifiedResource(kind)} "${name}" not found in namespace "${path.namespace}"`,
      { param: 'object' },
    );
  };

  const existing = (path: ObjectPath, kind: IstioKind, name: string): StoredObject => {
    const found = guarded(() => store.get({ kind, namespace: path.namespace, name }));
    if (found) return found;
    throw notFoundObject(path, kind, name);
  };

  /**
   * Kiali's details of `object`. With `proposed` findings (a dry run), the object stands in for
   * its stored namesake and its validation is those findings; otherwise the stored mesh's.
   */
  const detailsOf = (
    object: ConfigObject,
    gvk: Gvk,
    options: { readonly validate: boolean; readonly proposed?: readonly Finding[] },
  ): IstioConfigDetails => {
    if (!options.validate)
      return istioConfigDetails({ object, gvk, cluster, validation: null, references: null });
    const same = (o: { kind: string; namespace: string; name: string }): boolean =>
      o.kind === object.kind && o.namespace === object.namespace && o.name === object.name;
    const stored = istioObjects();
    const objects = options.proposed ? [...stored.filter((o) => !same(o)), object] : stored;
    const validations = options.proposed ? validationsOf([object], options.proposed) : validationsOf(objects);
    const validation =
      validations.find((v) => same({ kind: v.objectGVK.Kind, namespace: v.namespace, name: v.name })) ?? null;
    const snapshot = guarded(() => store.snapshot());
    const references = istioReferences({
      target: object,
      objects,
      services: snapshot.registry.services,
      clusterDomain: snapshot.options?.clusterDomain ?? defaultMeshOptions.clusterDomain,
    });
    return istioConfigDetails({ object, gvk, cluster, validation, references });
  };

  /** Details of the object a write left, with its validation so warnings show at once. */
  const written = (kind: IstioKind, namespace: string, name: string, gvk: Gvk): IstioConfigDetails => {
    const stored = guarded(() => store.get({ kind, namespace, name }));
    if (!stored) throw new Error(`${kind} ${namespace}/${name} is not in the store after its write`);
    return detailsOf(configObject(stored), gvk, { validate: true });
  };

  return {
    cluster,
    checkCluster,
    knownNamespaces,
    checkNamespace,
    resolve,
    istioObjects,
    validationsOf,
    notFoundObject,
    existing,
    detailsOf,
    written,
  };
}
