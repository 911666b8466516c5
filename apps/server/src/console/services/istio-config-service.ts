/**
 * Kiali's Istio config use cases over Meshlens' config store: list, details, create, update,
 * delete, and the validation summary. Every write is one store change, checked by the store
 * against the whole mesh in one transaction (the same check as `meshlens apply` and the config
 * API): refused config is a 422 carrying the store's findings, and a refused or failed write
 * changes nothing. Validations are the store's own findings (`ConfigStore.validations`), shaped
 * by mesh-core's Kiali mapping; there is no second validation path.
 *
 * Writes reach the proxies the way every store change does: the store's change listeners.
 */
import { stringify } from 'yaml';
import type {
  IstioConfigDetails,
  IstioConfigList,
  IstioValidation,
  ValidationSummary,
} from '@meshlens/mesh-core/api/istio-config';
import {
  DEFAULT_CLUSTER,
  gvkOfStoredKind,
  parseObjectsFilter,
  resolvePathKind,
} from '@meshlens/mesh-core/api/istio-config-kinds';
import type { Gvk } from '@meshlens/mesh-core/api/istio-config-kinds';
import { updatedObject, resourceVersionOf } from '@meshlens/mesh-core/api/istio-config-patch';
import { istioReferences } from '@meshlens/mesh-core/api/istio-config-references';
import {
  istioConfigDetails,
  istioConfigList,
  objectValidations,
  validationSummaries,
} from '@meshlens/mesh-core/api/istio-config-view';
import type { ConfigObject } from '@meshlens/mesh-core/api/istio-config-view';
import { isIstioKind } from '@meshlens/mesh-core/config';
import type { IstioKind } from '@meshlens/mesh-core/config';
import { defaultMeshOptions } from '@meshlens/mesh-core/validation';
import type { ConfigStore, ApplyResult, StoredObject } from '../../mesh/control-plane/config-store/index.ts';
import { ConfigStoreError, qualifiedResource } from '../../mesh/control-plane/config-store/index.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import type { ConsoleErrorReason } from '../errors.ts';
import { checkUpdated, createBody, REQUEST_BODY, updateBody } from './istio-config-service-body.ts';

export type IstioConfigStore = Pick<
  ConfigStore,
  'get' | 'list' | 'applyText' | 'delete' | 'validations' | 'snapshot'
>;

export interface IstioConfigServiceDeps {
  readonly store: IstioConfigStore;
  /** The cluster name reported and accepted in `clusterName`; Kiali's default `Kubernetes`. */
  readonly cluster?: string;
}

/** An object's place as Kiali's paths name it: the raw `{group}/{version}/{kind}` parts. */
export interface ObjectPath {
  readonly namespace: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** `clusterName`, when the request gives one. */
  readonly cluster?: string;
}

export interface ConfigListRequest {
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  /** The parameter the namespaces came from (`namespaces`, or the path's `namespace`). */
  readonly namespacesParam: string;
  /** Kiali's `objects` filter, as given (empty: every kind). */
  readonly objects: string;
  readonly validate: boolean;
  readonly cluster?: string;
}

export interface IstioConfigService {
  list(request: ConfigListRequest): IstioConfigList;
  details(path: ObjectPath, name: string, options: { readonly validate: boolean }): IstioConfigDetails;
  create(path: ObjectPath, body: string): IstioConfigDetails;
  update(path: ObjectPath, name: string, body: string): IstioConfigDetails;
  remove(path: ObjectPath, name: string): void;
  validationSummary(request: {
    readonly namespaces: readonly string[];
    readonly cluster?: string;
  }): ValidationSummary[];
}

const reasonOfStoreError: Readonly<Record<ConfigStoreError['reason'], ConsoleErrorReason>> = {
  input: 'input',
  'not-found': 'not-found',
  conflict: 'conflict',
  unavailable: 'unavailable',
};

/** Runs store calls; its errors become the console's, with the same message and status. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConfigStoreError) {
      throw new ConsoleError(reasonOfStoreError[error.reason], error.message, { cause: error });
    }
    throw error;
  }
}

const configObject = (o: StoredObject): ConfigObject => ({ ...o.key, manifest: o.manifest });

/** The 422 of a refused change: the first error in the message, every finding in the body. */
function refused(result: ApplyResult, what: string): ConsoleError {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const detail = first
    ? `: ${first.code} ${first.message}${first.path ? ` at ${first.path}` : ''}${more}`
    : '';
  return new ConsoleError('unprocessable', `${what} was refused${detail}`, { findings: result.findings });
}

export function createIstioConfigService(deps: IstioConfigServiceDeps): IstioConfigService {
  const { store } = deps;
  const cluster = deps.cluster ?? DEFAULT_CLUSTER;

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

  const namespacesOf = (asked: readonly string[], param: string): string[] => {
    const known = knownNamespaces();
    if (asked.length === 0) return known;
    const unique = [...new Set(asked)];
    for (const ns of unique) if (!known.includes(ns)) throw unknownNamespace(ns, param);
    return unique;
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

  const validationsOf = (objects: readonly ConfigObject[]): IstioValidation[] =>
    objectValidations({ objects, findings: guarded(() => store.validations()), cluster });

  const existing = (path: ObjectPath, kind: IstioKind, name: string): StoredObject => {
    const found = guarded(() => store.get({ kind, namespace: path.namespace, name }));
    if (found) return found;
    if (!knownNamespaces().includes(path.namespace)) throw unknownNamespace(path.namespace, 'namespace');
    throw new ConsoleError(
      'not-found',
      `${qualifiedResource(kind)} "${name}" not found in namespace "${path.namespace}"`,
      { param: 'object' },
    );
  };

  const detailsOf = (
    object: ConfigObject,
    gvk: Gvk,
    options: { readonly validate: boolean },
  ): IstioConfigDetails => {
    if (!options.validate)
      return istioConfigDetails({ object, gvk, cluster, validation: null, references: null });
    const objects = istioObjects();
    const validation =
      validationsOf(objects).find(
        (v) => v.objectGVK.Kind === object.kind && v.namespace === object.namespace && v.name === object.name,
      ) ?? null;
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
    list(request) {
      checkCluster(request.cluster);
      const kinds = parseObjectsFilter(request.objects);
      if (!kinds.ok) throw new ConsoleError('input', kinds.message, { param: kinds.param });
      const namespaces = namespacesOf(request.namespaces, request.namespacesParam);
      const all = istioObjects();
      const inNamespaces = (o: { namespace: string }): boolean => namespaces.includes(o.namespace);
      return istioConfigList({
        objects: all.filter(inNamespaces),
        namespaces,
        ...(kinds.value ? { kinds: kinds.value } : {}),
        ...(request.validate ? { validations: validationsOf(all).filter(inNamespaces) } : {}),
      });
    },

    details(path, name, options) {
      const { kind, gvk } = resolve(path);
      return detailsOf(configObject(existing(path, kind, name)), gvk, options);
    },

    create(path, body) {
      const { kind, gvk } = resolve(path);
      if (!knownNamespaces().includes(path.namespace)) throw unknownNamespace(path.namespace, 'namespace');
      const resource = createBody(body, { namespace: path.namespace, kind });
      const name = resource.metadata.name;
      const result = guarded(() =>
        store.applyText(body, REQUEST_BODY, {
          namespace: path.namespace,
          // Kubernetes' create: the object must not exist yet (409 if it does).
          expectVersions: { [`${kind}/${path.namespace}/${name}`]: null },
        }),
      );
      if (result.status === 'refused') throw refused(result, `${kind} ${path.namespace}/${name}`);
      return written(kind, path.namespace, name, gvk);
    },

    update(path, name, body) {
      const { kind, gvk } = resolve(path);
      const current = existing(path, kind, name);
      const patch = updateBody(body);
      const updated = updatedObject(current.manifest, patch);
      checkUpdated(updated, { namespace: path.namespace, kind, name });
      // Without a resourceVersion in the body, the version read here is the precondition: a
      // change committed in between is a conflict, never silently overwritten.
      const expected = resourceVersionOf(patch) ?? current.resourceVersion;
      const result = guarded(() =>
        store.applyText(stringify(updated), `update of ${kind} ${path.namespace}/${name}`, {
          namespace: path.namespace,
          expectVersions: { [`${kind}/${path.namespace}/${name}`]: expected },
        }),
      );
      if (result.status === 'refused') throw refused(result, `${kind} ${path.namespace}/${name}`);
      return written(kind, path.namespace, name, gvk);
    },

    remove(path, name) {
      const { kind } = resolve(path);
      existing(path, kind, name);
      guarded(() => store.delete({ kind, namespace: path.namespace, name }));
    },

    validationSummary(request) {
      checkCluster(request.cluster);
      const namespaces = namespacesOf(request.namespaces, 'namespaces');
      const all = guarded(() => store.list()).map(configObject);
      return validationSummaries({ validations: validationsOf(all), namespaces, cluster });
    },
  };
}
