/** What the store returns: stored rows as Kubernetes shows objects, history rows as revisions. */
import { isPlainObject } from '@meshlens/mesh-core/config';
import type { HistoryRow, ObjectRow } from './tables.ts';
import type { Revision, StoredObject } from './types.ts';

/** The applied document with the metadata the server owns filled in. */
export function manifestOf(
  document: Record<string, unknown>,
  server: {
    revision?: number;
    resourceVersion?: number;
    generation: number;
    uid: string;
    createdAt?: string;
  },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(document)) {
    if (field !== 'metadata') {
      out[field] = value;
      continue;
    }
    out.metadata = {
      ...(isPlainObject(value) ? value : {}),
      resourceVersion: String(server.resourceVersion ?? server.revision),
      generation: server.generation,
      uid: server.uid,
      ...(server.createdAt !== undefined ? { creationTimestamp: server.createdAt } : {}),
    };
  }
  return out;
}

export function storedObject(row: ObjectRow): StoredObject {
  return {
    key: row.key,
    apiVersion: row.apiVersion,
    uid: row.uid,
    resourceVersion: String(row.resourceVersion),
    generation: row.generation,
    creationTimestamp: row.createdAt,
    updateTimestamp: row.updatedAt,
    manifest: manifestOf(row.document, row),
  };
}

export function toRevision(row: HistoryRow): Revision {
  return {
    revision: String(row.revision),
    operation: row.operation,
    timestamp: row.timestamp,
    generation: row.generation,
    uid: row.uid,
    apiVersion: row.apiVersion,
    ...(row.rollbackOf !== undefined ? { rollbackOf: String(row.rollbackOf) } : {}),
    ...(row.file !== undefined
      ? {
          source: {
            file: row.file,
            ...(row.documentIndex !== undefined ? { document: row.documentIndex } : {}),
          },
        }
      : {}),
  };
}
