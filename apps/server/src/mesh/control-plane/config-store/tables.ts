/**
 * Row access for the config database: every SQL statement the store runs, prepared once.
 * Callers own transactions; nothing here begins or commits one.
 */
import type { SqliteDatabase } from './database.ts';
import { ConfigStoreError } from './errors.ts';
import { groupOf, isResourceKind } from './object-key.ts';
import type { ObjectKey, StoredDocument } from './object-key.ts';

export const historyOperations = ['create', 'update', 'delete', 'rollback'] as const;
export type HistoryOperation = (typeof historyOperations)[number];
export type ChangeOperation = 'apply' | 'delete' | 'rollback';

/** One stored object, as the store keeps it. */
export interface ObjectRow {
  readonly key: ObjectKey;
  readonly apiVersion: string;
  readonly uid: string;
  readonly resourceVersion: number;
  readonly generation: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly document: StoredDocument;
}

/** One revision of one object. `document` is absent for a deletion. */
export interface HistoryRow {
  readonly key: ObjectKey;
  readonly revision: number;
  readonly operation: HistoryOperation;
  readonly apiVersion: string;
  readonly uid: string;
  readonly generation: number;
  readonly timestamp: string;
  readonly document?: StoredDocument;
  readonly file?: string;
  readonly documentIndex?: number;
  readonly rollbackOf?: number;
}

interface RawObject {
  kind: string;
  namespace: string;
  name: string;
  api_version: string;
  uid: string;
  resource_version: number;
  generation: number;
  created_at: string;
  updated_at: string;
  document: string;
}

interface RawHistory {
  kind: string;
  namespace: string;
  name: string;
  revision: number;
  operation: HistoryOperation;
  api_version: string;
  uid: string;
  generation: number;
  document: string | null;
  doc_index: number | null;
  rollback_of: number | null;
  created_at: string;
  file: string | null;
}

const objectColumns =
  'kind, namespace, name, api_version, uid, resource_version, generation, created_at, updated_at, document';
const historySelect = `SELECT h.kind, h.namespace, h.name, h.revision, h.operation, h.api_version, h.uid,
  h.generation, h.document, h.doc_index, h.rollback_of, c.created_at, c.file
  FROM history h JOIN changes c ON c.revision = h.revision`;

export class StoreTables {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      revision: db.prepare<[], { revision: number }>(
        'SELECT COALESCE(MAX(revision), 0) AS revision FROM changes',
      ),
      allObjects: db.prepare<[], RawObject>(
        `SELECT ${objectColumns} FROM objects ORDER BY kind, namespace, name`,
      ),
      listObjects: db.prepare<{ kind: string | null; namespace: string | null }, RawObject>(
        `SELECT ${objectColumns} FROM objects
         WHERE (@kind IS NULL OR kind = @kind) AND (@namespace IS NULL OR namespace = @namespace)
         ORDER BY kind, namespace, name`,
      ),
      object: db.prepare<[string, string, string, string], RawObject>(
        `SELECT ${objectColumns} FROM objects WHERE grp = ? AND kind = ? AND namespace = ? AND name = ?`,
      ),
      insertChange: db.prepare<[number, ChangeOperation, string | null, string | null, string]>(
        'INSERT INTO changes (revision, operation, file, source, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      upsertObject: db.prepare(
        `INSERT INTO objects (grp, ${objectColumns}) VALUES (@grp, @kind, @namespace, @name, @apiVersion, @uid,
           @resourceVersion, @generation, @createdAt, @updatedAt, @document)
         ON CONFLICT (grp, kind, namespace, name) DO UPDATE SET api_version = excluded.api_version,
           uid = excluded.uid, resource_version = excluded.resource_version, generation = excluded.generation,
           created_at = excluded.created_at, updated_at = excluded.updated_at, document = excluded.document`,
      ),
      deleteObject: db.prepare<[string, string, string, string]>(
        'DELETE FROM objects WHERE grp = ? AND kind = ? AND namespace = ? AND name = ?',
      ),
      insertHistory: db.prepare(
        `INSERT INTO history (grp, kind, namespace, name, revision, operation, api_version, uid, generation,
           document, doc_index, rollback_of)
         VALUES (@grp, @kind, @namespace, @name, @revision, @operation, @apiVersion, @uid, @generation,
           @document, @documentIndex, @rollbackOf)`,
      ),
      history: db.prepare<[string, string, string, string], RawHistory>(
        `${historySelect} WHERE h.grp = ? AND h.kind = ? AND h.namespace = ? AND h.name = ? ORDER BY h.revision`,
      ),
      changeSource: db.prepare<[number], { file: string | null; source: string | null }>(
        'SELECT file, source FROM changes WHERE revision = ?',
      ),
    };
  }

  /** The store's revision: the number of the last committed change (0 when empty). */
  revision(): number {
    return this.statements.revision.get()?.revision ?? 0;
  }

  allObjects(): ObjectRow[] {
    return this.statements.allObjects.all().map(toObjectRow);
  }

  listObjects(filter: { kind?: string; namespace?: string }): ObjectRow[] {
    return this.statements.listObjects
      .all({ kind: filter.kind ?? null, namespace: filter.namespace ?? null })
      .map(toObjectRow);
  }

  object(key: ObjectKey): ObjectRow | undefined {
    const raw = this.statements.object.get(groupOf(key.kind), key.kind, key.namespace, key.name);
    return raw ? toObjectRow(raw) : undefined;
  }

  insertChange(change: {
    revision: number;
    operation: ChangeOperation;
    file?: string;
    source?: string;
    createdAt: string;
  }): void {
    this.statements.insertChange.run(
      change.revision,
      change.operation,
      change.file ?? null,
      change.source ?? null,
      change.createdAt,
    );
  }

  upsertObject(row: ObjectRow): void {
    this.statements.upsertObject.run({
      grp: groupOf(row.key.kind),
      ...row.key,
      apiVersion: row.apiVersion,
      uid: row.uid,
      resourceVersion: row.resourceVersion,
      generation: row.generation,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      document: JSON.stringify(row.document),
    });
  }

  deleteObject(key: ObjectKey): void {
    this.statements.deleteObject.run(groupOf(key.kind), key.kind, key.namespace, key.name);
  }

  insertHistory(row: Omit<HistoryRow, 'timestamp' | 'file'>): void {
    this.statements.insertHistory.run({
      grp: groupOf(row.key.kind),
      ...row.key,
      revision: row.revision,
      operation: row.operation,
      apiVersion: row.apiVersion,
      uid: row.uid,
      generation: row.generation,
      document: row.document ? JSON.stringify(row.document) : null,
      documentIndex: row.documentIndex ?? null,
      rollbackOf: row.rollbackOf ?? null,
    });
  }

  history(key: ObjectKey): HistoryRow[] {
    return this.statements.history
      .all(groupOf(key.kind), key.kind, key.namespace, key.name)
      .map((raw) => toHistoryRow(raw));
  }

  changeSource(revision: number): { file?: string; text?: string } {
    const row = this.statements.changeSource.get(revision);
    return {
      ...(row?.file != null ? { file: row.file } : {}),
      ...(row?.source != null ? { text: row.source } : {}),
    };
  }
}

function rawKey(raw: { kind: string; namespace: string; name: string }): ObjectKey {
  // Rows are only ever written from checked keys; a foreign kind means the file was edited.
  if (!isResourceKind(raw.kind)) {
    throw new ConfigStoreError(
      'unavailable',
      `the config database holds an object of unknown kind "${raw.kind}" (${raw.namespace}/${raw.name})`,
    );
  }
  return { kind: raw.kind, namespace: raw.namespace, name: raw.name };
}

function toObjectRow(raw: RawObject): ObjectRow {
  return {
    key: rawKey(raw),
    apiVersion: raw.api_version,
    uid: raw.uid,
    resourceVersion: raw.resource_version,
    generation: raw.generation,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    document: JSON.parse(raw.document) as StoredDocument,
  };
}

function toHistoryRow(raw: RawHistory): HistoryRow {
  return {
    key: rawKey(raw),
    revision: raw.revision,
    operation: raw.operation,
    apiVersion: raw.api_version,
    uid: raw.uid,
    generation: raw.generation,
    timestamp: raw.created_at,
    ...(raw.document !== null ? { document: JSON.parse(raw.document) as StoredDocument } : {}),
    ...(raw.file !== null ? { file: raw.file } : {}),
    ...(raw.doc_index !== null ? { documentIndex: raw.doc_index } : {}),
    ...(raw.rollback_of !== null ? { rollbackOf: raw.rollback_of } : {}),
  };
}
