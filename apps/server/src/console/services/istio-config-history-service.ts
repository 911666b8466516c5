/**
 * Revisions and rollback of one Istio object, over the config store's history (which keeps
 * every revision, deletions included): the revisions oldest first with the object's YAML at
 * each, and a rollback that applies a revision's content through the store's one check, as an
 * update does (422 with findings when the mesh now refuses it). Rolling back to a revision
 * before a deletion re-creates the object.
 */
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import type { ConfigRevisions } from '@meshlens/mesh-core/api/istio-config-editing';
import type { IstioKind } from '@meshlens/mesh-core/config';
import type { Revision } from '../../mesh/control-plane/config-store/index.ts';
import { toYaml } from '../../mesh/control-plane/config-store/yaml-text.ts';
import { ConsoleError } from '../errors.ts';
import { guarded, refused } from './istio-config-context.ts';
import { proposedManifest } from './istio-config-service-body.ts';
import type { IstioConfigContext, IstioConfigStore, ObjectPath } from './istio-config-context.ts';

export interface RollbackRequest {
  /** The `revision` parameter as given. */
  readonly revision: string;
  readonly dryRun?: boolean;
}

const REVISION = /^[1-9]\d*$/;

export function istioConfigHistory(
  store: Pick<IstioConfigStore, 'history' | 'manifestAt' | 'rollback' | 'get'>,
  ctx: IstioConfigContext,
) {
  /** The object's history; a name with none at all is a 404, as a missing object is. */
  const historyOf = (path: ObjectPath, kind: IstioKind, name: string): Revision[] => {
    const revisions = guarded(() => store.history({ kind, namespace: path.namespace, name }));
    if (revisions.length === 0) throw ctx.notFoundObject(path, kind, name);
    return revisions;
  };

  return {
    revisions(path: ObjectPath, name: string): ConfigRevisions {
      const { kind } = ctx.resolve(path);
      const object = { kind, namespace: path.namespace, name };
      return {
        revisions: historyOf(path, kind, name).map((r) => ({
          revision: r.revision,
          operation: r.operation,
          timestamp: r.timestamp,
          generation: r.generation,
          apiVersion: r.apiVersion,
          uid: r.uid,
          ...(r.rollbackOf !== undefined ? { rollbackOf: r.rollbackOf } : {}),
          yaml: r.operation === 'delete' ? '' : toYaml(guarded(() => store.manifestAt(object, r.revision))),
        })),
      };
    },

    rollback(path: ObjectPath, name: string, request: RollbackRequest): IstioConfigDetails {
      const { kind, gvk } = ctx.resolve(path);
      if (!REVISION.test(request.revision)) {
        throw new ConsoleError(
          'input',
          `Invalid revision [${request.revision}]: one of the object's revision numbers`,
          { param: 'revision' },
        );
      }
      const object = { kind, namespace: path.namespace, name };
      const revisions = historyOf(path, kind, name);
      const target = revisions.find((r) => r.revision === request.revision);
      if (!target) {
        const known = revisions.map((r) => r.revision).join(', ');
        throw new ConsoleError(
          'not-found',
          `${kind} ${path.namespace}/${name} has no revision ${request.revision}: its revisions are ${known}`,
          { param: 'revision' },
        );
      }
      if (target.operation === 'delete') {
        throw new ConsoleError(
          'input',
          `Revision ${request.revision} of ${kind} ${path.namespace}/${name} is its deletion: roll back to a revision where it existed`,
          { param: 'revision' },
        );
      }
      const current = guarded(() => store.get(object));
      const dryRun = request.dryRun === true;
      const result = guarded(() =>
        store.rollback(object, request.revision, {
          dryRun,
          // The version read here is the precondition, as for an update.
          ...(current ? { resourceVersion: current.resourceVersion } : {}),
        }),
      );
      const what = `Rollback of ${kind} ${path.namespace}/${name} to revision ${request.revision}`;
      if (result.status === 'refused') throw refused(result, what);
      if (!dryRun) return ctx.written(kind, path.namespace, name, gvk);
      const restored = guarded(() => store.manifestAt(object, request.revision));
      const manifest = current ? proposedManifest(current, restored) : restored;
      return ctx.detailsOf({ ...object, manifest }, gvk, { validate: true, proposed: result.findings });
    },
  };
}
