/**
 * The control plane's config store: Istio resources and Kubernetes manifests in SQLite, with a
 * store-wide revision (every change is one transaction and one new revision, which becomes
 * the resourceVersion of each object it writes, as etcd's revision does for Kubernetes), the
 * history of every object, and a check of every change against the whole mesh (`change.ts`).
 *
 * Writes take SQLite's write lock before reading what they check against (BEGIN IMMEDIATE), so
 * two stores on the same file, in one process or two, serialise: a stale resourceVersion is a
 * conflict whichever wrote first. Change events are emitted by the store that wrote.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { parseManifests } from '@meshlens/mesh-core/config';
import type { Resource } from '@meshlens/mesh-core/config';
import type { Finding } from '@meshlens/mesh-core/validation';
import { admit } from './admission.ts';
import { runChange } from './change.ts';
import type { ChangePlan } from './change.ts';
import { databaseFile, openDatabase, storageProblem } from './database.ts';
import type { SqliteDatabase } from './database.ts';
import { ConfigStoreError, notFound } from './errors.ts';
import { CheckedObjects, MeshState } from './mesh-state.ts';
import { describeKey, keyString, toResource } from './object-key.ts';
import { keyOfName, kindOf, storedKinds } from './names.ts';
import type { ObjectKey } from './object-key.ts';
import { StoreTables } from './tables.ts';
import type { HistoryRow } from './tables.ts';
import { manifestOf, storedObject, toRevision } from './views.ts';
import { ChangeListeners } from './listeners.ts';
import { diffRevisions, findRevision } from './revisions.ts';
import type {
  AppliedSource,
  ApplyOptions,
  ApplyResult,
  ApplyTextOptions,
  ChangeListener,
  ConfigStoreOptions,
  DeleteOptions,
  ListFilter,
  ObjectName,
  Revision,
  RollbackOptions,
  StoredObject,
  StoreSnapshot,
} from './types.ts';

export const defaultDataDir = '.meshlens';

export class ConfigStore {
  /** The database file. */
  readonly file: string;
  private readonly db: SqliteDatabase;
  private readonly tables: StoreTables;
  private readonly checked = new CheckedObjects();
  private readonly listeners: ChangeListeners;
  private readonly options: ConfigStoreOptions;
  private readonly now: () => Date;
  private state?: MeshState;

  private constructor(file: string, db: SqliteDatabase, options: ConfigStoreOptions) {
    this.file = file;
    this.db = db;
    this.tables = new StoreTables(db);
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.listeners = new ChangeListeners(options.onListenerError);
  }

  /** Opens (creating if need be) `<dir>/config.db`. */
  static open(dir: string = defaultDataDir, options: ConfigStoreOptions = {}): ConfigStore {
    return new ConfigStore(databaseFile(dir), openDatabase(dir), options);
  }

  close(): void {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  /** The store's revision: the number of its last change, `'0'` when empty. */
  revision(): string {
    return this.guard(() => String(this.tables.revision()));
  }

  /** Applies (creates or updates) resources read by mesh-core's parser, as one change. */
  apply(resources: readonly Resource[], options: ApplyOptions = {}): ApplyResult {
    return this.applyParsed({ resources, findings: [], skipped: 0 }, options);
  }

  /** Applies the YAML or JSON documents of `text`; findings point into `file`. */
  applyText(text: string, file: string, options: ApplyTextOptions = {}): ApplyResult {
    const parsed = parseManifests(text, {
      file,
      ...(options.namespace !== undefined ? { defaultNamespace: options.namespace } : {}),
    });
    return this.applyParsed(parsed, options, { file, text });
  }

  get(object: ObjectName): StoredObject | undefined {
    const key = keyOfName(object);
    return this.guard(() => {
      const row = this.tables.object(key);
      return row ? storedObject(row) : undefined;
    });
  }

  /** Stored objects, by kind, namespace and name. */
  list(filter: ListFilter = {}): StoredObject[] {
    const kind = filter.kind === undefined ? undefined : kindOf(filter.kind);
    return this.guard(() =>
      this.tables
        .listObjects({
          ...(kind ? { kind } : {}),
          ...(filter.namespace !== undefined ? { namespace: filter.namespace } : {}),
        })
        .map(storedObject),
    );
  }

  /**
   * Deletes an object. The mesh is checked without it, and the findings that leaves on other
   * objects (a VirtualService using a deleted subset) are reported in `related`; as in Istio,
   * they do not block the deletion.
   */
  delete(object: ObjectName, options: DeleteOptions = {}): ApplyResult {
    const key = keyOfName(object);
    return this.change({
      operation: 'delete',
      puts: [],
      deletes: [
        {
          key,
          ...(options.resourceVersion !== undefined ? { resourceVersion: options.resourceVersion } : {}),
        },
      ],
      inputFindings: [],
      dryRun: options.dryRun ?? false,
      skipped: 0,
    });
  }

  /** Every revision of an object, oldest first, across deletions and re-creations. */
  history(object: ObjectName): Revision[] {
    const key = keyOfName(object);
    return this.guard(() => this.tables.history(key).map(toRevision));
  }

  /** The object's manifest as it was at `revision` (one of its history's). */
  manifestAt(object: ObjectName, revision: string): Readonly<Record<string, unknown>> {
    const entry = this.historyEntry(keyOfName(object), revision);
    if (!entry.document) throw notFound(entry.key, ` at revision ${revision} (it was deleted then)`);
    return manifestOf(entry.document, entry);
  }

  /** The text the revision was applied from: the whole input, and the object's document index in it. */
  sourceAt(object: ObjectName, revision: string): AppliedSource | undefined {
    const entry = this.historyEntry(keyOfName(object), revision);
    const { file, text } = this.guard(() => this.tables.changeSource(entry.revision));
    if (file === undefined || text === undefined || entry.documentIndex === undefined) return undefined;
    return { file, text, document: entry.documentIndex };
  }

  /** A unified diff of the object's YAML between two of its revisions (a deletion is empty). */
  diff(object: ObjectName, from: string, to: string): string {
    const key = keyOfName(object);
    return diffRevisions(key, this.historyEntry(key, from), this.historyEntry(key, to));
  }

  /** Applies the content the object had at `revision`, checked like any change; a new revision. */
  rollback(object: ObjectName, revision: string, options: RollbackOptions = {}): ApplyResult {
    const entry = this.historyEntry(keyOfName(object), revision);
    if (!entry.document) {
      throw new ConfigStoreError(
        'input',
        `revision ${revision} of ${describeKey(entry.key)} is its deletion; roll back to a revision where it existed`,
        [entry.key],
      );
    }
    const admitted = admit([toResource(entry.key, entry.apiVersion, entry.document)]);
    const expected = options.resourceVersion;
    return this.change({
      operation: 'rollback',
      puts: admitted.items,
      deletes: [],
      inputFindings: admitted.findings,
      ...(expected !== undefined ? { expectVersions: { [keyString(entry.key)]: expected } } : {}),
      rollbackOf: entry.revision,
      dryRun: options.dryRun ?? false,
      skipped: 0,
    });
  }

  /** The whole mesh at the current revision: Istio resources that pass their checks, and the registry. */
  snapshot(): StoreSnapshot {
    return this.guard(() =>
      this.db
        .transaction(() => {
          const state = this.current();
          return { revision: String(state.revision), ...state.mesh().snapshot };
        })
        .deferred(),
    );
  }

  /** Every finding on the stored mesh (Kiali's validations of all objects). */
  validations(): Finding[] {
    return this.guard(() => this.db.transaction(() => [...this.current().mesh().findings]).deferred());
  }

  /** Calls `listener` after every change this store commits. Returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    return this.listeners.add(listener);
  }

  private applyParsed(
    parsed: { resources: readonly Resource[]; findings: readonly Finding[]; skipped: number },
    options: ApplyOptions,
    source?: { file: string; text: string },
  ): ApplyResult {
    if (parsed.resources.length === 0 && parsed.findings.length === 0) {
      const skipped = parsed.skipped > 0 ? ` (${parsed.skipped} document(s) of other kinds passed over)` : '';
      throw new ConfigStoreError(
        'input',
        `no objects to apply: the input holds no ${storedKinds} documents${skipped}`,
      );
    }
    const admitted = admit(parsed.resources);
    return this.change({
      operation: 'apply',
      puts: admitted.items,
      deletes: [],
      inputFindings: [...parsed.findings, ...admitted.findings],
      ...(options.expectVersions ? { expectVersions: options.expectVersions } : {}),
      ...(source ? { source } : {}),
      dryRun: options.dryRun ?? false,
      skipped: parsed.skipped,
    });
  }

  private change(plan: ChangePlan): ApplyResult {
    const outcome = this.guard(() => {
      const run = this.db.transaction(() => {
        const state = this.current();
        return runChange(
          {
            tables: this.tables,
            state,
            checked: this.checked,
            now: this.now(),
            newUid: randomUUID,
          },
          plan,
        );
      });
      return plan.dryRun ? run.deferred() : run.immediate();
    });
    if (outcome.state) {
      this.state = outcome.state;
      this.listeners.emit({ revision: outcome.result.revision, objects: outcome.result.objects });
    }
    return outcome.result;
  }

  /** The state at the database's revision: the cached one, or reloaded after another writer's change. */
  private current(): MeshState {
    const revision = this.tables.revision();
    if (this.state?.revision !== revision) {
      this.state = new MeshState({
        revision,
        rows: this.tables.allObjects(),
        checked: this.checked,
        ...(this.options.mesh ? { mesh: this.options.mesh } : {}),
      });
    }
    return this.state;
  }

  private historyEntry(key: ObjectKey, revision: string): HistoryRow {
    return findRevision(
      this.guard(() => this.tables.history(key)),
      key,
      revision,
    );
  }

  /** Runs a database operation; SQLite failures (busy, disk full, closed) become `unavailable`. */
  private guard<T>(run: () => T): T {
    if (!this.db.open) throw new ConfigStoreError('unavailable', `the config store ${this.file} is closed`);
    try {
      return run();
    } catch (error) {
      if (error instanceof Database.SqliteError) {
        throw new ConfigStoreError(
          'unavailable',
          `config database ${this.file}: ${storageProblem(error) ?? `${error.code}: ${error.message}`}`,
        );
      }
      throw error;
    }
  }
}
