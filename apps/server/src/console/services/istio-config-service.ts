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
  ValidationSummary,
} from '@meshlens/mesh-core/api/istio-config';
import type { ValidationSnapshot } from '@meshlens/mesh-core/api/istio-config-editing';
import { istioManifestOf } from '@meshlens/mesh-core/api/istio-config-editing';
import type { ConfigRevisions } from '@meshlens/mesh-core/api/istio-config-editing';
import { DEFAULT_CLUSTER, parseObjectsFilter } from '@meshlens/mesh-core/api/istio-config-kinds';
import { updatedObject, resourceVersionOf } from '@meshlens/mesh-core/api/istio-config-patch';
import { istioConfigList, validationSummaries } from '@meshlens/mesh-core/api/istio-config-view';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import {
  checkUpdated,
  createBody,
  findingsInBody,
  proposedManifest,
  REQUEST_BODY,
  updateBody,
} from './istio-config-service-body.ts';
import { configObject, guarded, istioConfigContext, refused } from './istio-config-context.ts';
import type { IstioConfigStore, ObjectPath, WriteOptions } from './istio-config-context.ts';
import { istioConfigHistory } from './istio-config-history-service.ts';
import type { RollbackRequest } from './istio-config-history-service.ts';
import { validationSnapshotOf } from './validation-snapshot-service.ts';

export type { IstioConfigStore, ObjectPath, WriteOptions } from './istio-config-context.ts';
export type { RollbackRequest } from './istio-config-history-service.ts';

export interface IstioConfigServiceDeps {
  readonly store: IstioConfigStore;
  /** The cluster name reported and accepted in `clusterName`; Kiali's default `Kubernetes`. */
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
  /** With `dryRun`, the object as it would be created (422 if refused); nothing is written. */
  create(path: ObjectPath, body: string, options?: WriteOptions): IstioConfigDetails;
  update(path: ObjectPath, name: string, body: string, options?: WriteOptions): IstioConfigDetails;
  remove(path: ObjectPath, name: string): void;
  validationSummary(request: {
    readonly namespaces: readonly string[];
    readonly cluster?: string;
  }): ValidationSummary[];
  /** The mesh as the store's validator sees it, for the browser's editor. */
  validationSnapshot(): ValidationSnapshot;
  /** Every revision of the object, oldest first, also after its deletion. */
  revisions(path: ObjectPath, name: string): ConfigRevisions;
  /** Restores a revision through the store's one check; answers as `update` does. */
  rollback(path: ObjectPath, name: string, request: RollbackRequest): IstioConfigDetails;
}

export function createIstioConfigService(deps: IstioConfigServiceDeps): IstioConfigService {
  const { store } = deps;
  const cluster = deps.cluster ?? DEFAULT_CLUSTER;
  const ctx = istioConfigContext(store, cluster);
  const {
    checkCluster,
    knownNamespaces,
    resolve,
    istioObjects,
    validationsOf,
    existing,
    detailsOf,
    written,
  } = ctx;
  const history = istioConfigHistory(store, ctx);

  const namespacesOf = (asked: readonly string[], param: string): string[] => {
    const known = knownNamespaces();
    if (asked.length === 0) return known;
    const unique = [...new Set(asked)];
    for (const ns of unique) if (!known.includes(ns)) throw unknownNamespace(ns, param);
    return unique;
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

    create(path, body, options = {}) {
      const { kind, gvk } = resolve(path);
      ctx.checkNamespace(path.namespace);
      const resource = createBody(body, { namespace: path.namespace, kind });
      const name = resource.metadata.name;
      const result = guarded(() =>
        store.applyText(body, REQUEST_BODY, {
          namespace: path.namespace,
          // Kubernetes' create: the object must not exist yet (409 if it does).
          expectVersions: { [`${kind}/${path.namespace}/${name}`]: null },
          dryRun: options.dryRun === true,
        }),
      );
      if (result.status === 'refused') throw refused(result, `${kind} ${path.namespace}/${name}`);
      if (options.dryRun !== true) return written(kind, path.namespace, name, gvk);
      const object = { kind, namespace: path.namespace, name, manifest: istioManifestOf(resource) };
      return detailsOf(object, gvk, { validate: true, proposed: result.findings });
    },

    update(path, name, body, options = {}) {
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
          dryRun: options.dryRun === true,
        }),
      );
      // Findings point into the YAML the update produced; a whole object sent as the body is
      // what the editor shows, so they are pointed back into it.
      const findings = findingsInBody(result.findings, body, { namespace: path.namespace, kind, name });
      if (result.status === 'refused') {
        throw refused({ ...result, findings }, `${kind} ${path.namespace}/${name}`);
      }
      if (options.dryRun !== true) return written(kind, path.namespace, name, gvk);
      const object = { kind, namespace: path.namespace, name, manifest: proposedManifest(current, updated) };
      return detailsOf(object, gvk, { validate: true, proposed: findings });
    },

    validationSnapshot() {
      return validationSnapshotOf(store);
    },

    revisions(path, name) {
      return history.revisions(path, name);
    },

    rollback(path, name, request) {
      return history.rollback(path, name, request);
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
