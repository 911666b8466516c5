/**
 * The config database: `<dir>/config.db`, SQLite in WAL mode (readers never wait for the
 * writer), foreign keys on, full sync (a committed change survives a power cut), a busy
 * timeout so that two processes sharing the file queue instead of failing.
 *
 * The schema is versioned in `meta.schema_version`; migrations run in order, each in the same
 * write transaction as the version bump, so a crash leaves the previous version intact. A
 * database newer than this code is refused rather than guessed at.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigStoreError } from './errors.ts';

export type SqliteDatabase = Database.Database;

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE changes (
        revision   INTEGER PRIMARY KEY,
        operation  TEXT NOT NULL CHECK (operation IN ('apply', 'delete', 'rollback')),
        file       TEXT,
        source     TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE objects (
        grp              TEXT NOT NULL,
        kind             TEXT NOT NULL,
        namespace        TEXT NOT NULL,
        name             TEXT NOT NULL,
        api_version      TEXT NOT NULL,
        uid              TEXT NOT NULL,
        resource_version INTEGER NOT NULL REFERENCES changes (revision),
        generation       INTEGER NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        document         TEXT NOT NULL,
        PRIMARY KEY (grp, kind, namespace, name)
      ) WITHOUT ROWID;
      CREATE INDEX objects_by_namespace ON objects (namespace, kind, name);
      CREATE TABLE history (
        grp         TEXT NOT NULL,
        kind        TEXT NOT NULL,
        namespace   TEXT NOT NULL,
        name        TEXT NOT NULL,
        revision    INTEGER NOT NULL REFERENCES changes (revision),
        operation   TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'rollback')),
        api_version TEXT NOT NULL,
        uid         TEXT NOT NULL,
        generation  INTEGER NOT NULL,
        document    TEXT,
        doc_index   INTEGER,
        rollback_of INTEGER,
        PRIMARY KEY (grp, kind, namespace, name, revision)
      ) WITHOUT ROWID;
    `,
  },
];

export const schemaVersion = migrations.length;

export function databaseFile(dir: string): string {
  return join(resolve(dir), 'config.db');
}

export function openDatabase(dir: string): SqliteDatabase {
  const file = databaseFile(dir);
  let db: SqliteDatabase | undefined;
  try {
    mkdirSync(resolve(dir), { recursive: true });
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof ConfigStoreError) throw error;
    throw new ConfigStoreError(
      'unavailable',
      `cannot open the config database ${file}: ${storageProblem(error) ?? messageOf(error)}`,
    );
  }
}

function migrate(db: SqliteDatabase, file: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = db
      .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'")
      .get();
    const current = row ? Number(row.value) : 0;
    if (current > schemaVersion) {
      throw new ConfigStoreError(
        'unavailable',
        `the config database ${file} has schema version ${current}; this Meshlens reads up to version ${schemaVersion} (upgrade Meshlens to open it)`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
    }
    if (current < schemaVersion) {
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(String(schemaVersion));
    }
  }).immediate();
}

/**
 * What a storage failure means for the user, when it is one of the data directory's own
 * problems: a read-only or unwritable directory, or a full disk. Undefined otherwise.
 */
export function storageProblem(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  switch (code) {
    case 'SQLITE_FULL':
      return `the data directory's disk is full (${message}); nothing was written`;
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR_WRITE':
    case 'SQLITE_IOERR_TRUNCATE':
    case 'SQLITE_IOERR_FSYNC':
    case 'SQLITE_IOERR_SHMOPEN':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `the data directory is read-only or not writable (${message}); nothing was written`;
    case 'ENOSPC':
      return `the data directory's disk is full (${message}); nothing was written`;
    default:
      return undefined;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
