/**
 * TanStack Query keys, options and writes of the config editor: one object's details, the mesh
 * snapshot the browser validates against, the object's revisions, and the writes (save, create,
 * delete, roll back), each a function the pages hand to `useMutation`.
 */
import { istioConfigDetailsSchema } from '@meshlens/mesh-core/api/istio-config';
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import {
  VALIDATION_SNAPSHOT_PATH,
  configKindPath,
  configObjectPath,
  configRevisionsPath,
  configRollbackPath,
  configRevisionsSchema,
  meshSnapshotFromJson,
  validationSnapshotSchema,
} from '@meshlens/mesh-core/api/istio-config-editing';
import type { ConfigObjectLocator } from '@meshlens/mesh-core/api/istio-config-editing';
import { namespaceListSchema } from '@meshlens/mesh-core/api/inventory';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, fetchJson } from '../../../api/http.ts';

export const editorKeys = {
  object: (o: ConfigObjectLocator) =>
    ['istio', 'object', o.namespace, o.group, o.version, o.kind, o.name] as const,
  revisions: (o: ConfigObjectLocator) =>
    ['istio', 'revisions', o.namespace, o.group, o.version, o.kind, o.name] as const,
  snapshot: () => ['istio', 'validation-snapshot'] as const,
  namespaces: () => ['istio', 'namespaces'] as const,
};

/** The namespaces a new object can be created in. */
export function namespacesQuery() {
  return queryOptions({
    queryKey: editorKeys.namespaces(),
    queryFn: ({ signal }) => fetchJson('/api/namespaces', namespaceListSchema, { signal }),
  });
}

/** The object with its server validation and references (Kiali's details, `validate=true`). */
export function istioObjectQuery(o: ConfigObjectLocator) {
  return queryOptions({
    queryKey: editorKeys.object(o),
    queryFn: ({ signal }) =>
      fetchJson(apiPath(configObjectPath(o), { validate: true }), istioConfigDetailsSchema, { signal }),
  });
}

type MeshSnapshotWithRevision = ReturnType<typeof meshSnapshotFromJson>;

/**
 * The mesh the browser validates against. A refetch at the same store revision keeps the snapshot
 * object it had, so the validator built on it (and its indexes) is kept too.
 */
export function validationSnapshotQuery() {
  return queryOptions({
    queryKey: editorKeys.snapshot(),
    queryFn: async ({ signal }): Promise<MeshSnapshotWithRevision> =>
      meshSnapshotFromJson(await fetchJson(VALIDATION_SNAPSHOT_PATH, validationSnapshotSchema, { signal })),
    structuralSharing: (old: unknown, next: unknown) =>
      isSnapshot(old) && isSnapshot(next) && old.revision === next.revision ? old : next,
  });
}

function isSnapshot(value: unknown): value is MeshSnapshotWithRevision {
  return typeof value === 'object' && value !== null && 'revision' in value;
}

export function configRevisionsQuery(o: ConfigObjectLocator) {
  return queryOptions({
    queryKey: editorKeys.revisions(o),
    queryFn: ({ signal }) => fetchJson(configRevisionsPath(o), configRevisionsSchema, { signal }),
  });
}

/**
 * Saves the edited text as the whole object: the server replaces the stored one (as `kubectl
 * replace`), a removed field is removed, and the text's `metadata.resourceVersion` is the
 * precondition (409 when someone else wrote in between).
 */
export function saveIstioObject(o: ConfigObjectLocator, text: string): Promise<IstioConfigDetails> {
  return fetchJson(configObjectPath(o), istioConfigDetailsSchema, { method: 'PATCH', body: text });
}

export function createIstioObject(
  o: Omit<ConfigObjectLocator, 'name'>,
  text: string,
): Promise<IstioConfigDetails> {
  return fetchJson(configKindPath(o), istioConfigDetailsSchema, { method: 'POST', body: text });
}

export async function deleteIstioObject(o: ConfigObjectLocator): Promise<void> {
  try {
    await fetchJson(configObjectPath(o), z.unknown(), { method: 'DELETE' });
  } catch (e) {
    // The server answers a deletion with 200 and no body, as Kiali does; `fetchJson` cannot read
    // an empty body as JSON, and that failure after a 200 means the deletion was done.
    if (e instanceof SyntaxError) return;
    throw e;
  }
}

export function rollbackIstioObject(o: ConfigObjectLocator, revision: string): Promise<IstioConfigDetails> {
  return fetchJson(apiPath(configRollbackPath(o), { revision }), istioConfigDetailsSchema, {
    method: 'POST',
  });
}
