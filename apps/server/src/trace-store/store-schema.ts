/**
 * The trace database: SQLite in WAL mode (queries never wait for ingest), `synchronous = NORMAL`
 * (a crash of the process loses nothing committed; a power cut may lose the last spans, never
 * corrupt the file: spans are telemetry, not config), checkpoints on a worker thread
 * (`checkpointer.ts`), incremental auto-vacuum so that retention gives space back a bounded number
 * of pages at a time.
 *
 * - `spans`: one row per span, the searchable fields as columns and the rest in `body`
 *   (`span-codec.ts`). `hash` identifies identical copies of a span (an exporter retrying a batch);
 *   the store keeps one, as Jaeger's span-hash deduper does. Two indexes: by trace (whole traces,
 *   and the copy check), and by service then start time (read backwards, newest first), carrying
 *   the operation and duration, so a search reads trace ids in answer order from the index alone
 *   and stops at `limit`.
 * - `span_tags`: an FTS5 index of each span's tag tokens (`tag-tokens.ts`), keyed by the span's
 *   rowid; it keeps no text and no positions, only which spans carry which token.
 * - `traces`: per trace, when it last received a span and how many it has: retention drops whole
 *   traces, oldest first, so a trace is never returned half-deleted.
 * - `operations`: (service, operation, span kind) with how many stored spans have it, for
 *   `/api/services` and operations; retention forgets one when its count reaches zero.
 *
 * Version 1 databases (a row per tag, spans as Jaeger JSON) are migrated in one transaction when
 * opened (`store-migration.ts`), and the space they no longer need is given back; a newer version
 * than this code knows is refused.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrateFromVersion1 } from './store-migration.ts';

export type TraceDatabase = Database.Database;

const SCHEMA_VERSION = 2;

const SCHEMA = `
  CREATE TABLE spans (
    id             INTEGER PRIMARY KEY,
    trace_id       TEXT NOT NULL,
    span_id        TEXT NOT NULL,
    parent_span_id TEXT,
    service        TEXT NOT NULL,
    operation      TEXT NOT NULL,
    span_kind      TEXT NOT NULL,
    start_us       INTEGER NOT NULL,
    duration_us    INTEGER NOT NULL,
    hash           INTEGER NOT NULL,
    body           TEXT NOT NULL
  );
  CREATE UNIQUE INDEX spans_by_trace ON spans (trace_id, hash);
  -- Ascending, read backwards: new spans land at the end of their service's range, filling pages.
  CREATE INDEX spans_by_service ON spans (service, start_us, trace_id DESC, operation, duration_us);
  CREATE VIRTUAL TABLE span_tags USING fts5(
    tokens, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
  );
  -- Retention deletes the oldest spans all the time; at FTS5's default (10%) it rewrites the
  -- oldest, largest segments again and again. At 50% the rewrites cost a fifth as much.
  INSERT INTO span_tags (span_tags, rank) VALUES ('deletemerge', 50);
  CREATE TABLE traces (
    trace_id    TEXT PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    span_count  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX traces_by_age ON traces (received_ms);
  CREATE TABLE operations (
    service    TEXT NOT NULL,
    operation  TEXT NOT NULL,
    span_kind  TEXT NOT NULL,
    span_count INTEGER NOT NULL,
    PRIMARY KEY (service, operation, span_kind)
  ) WITHOUT ROWID;
`;

export class TraceStoreOpenError extends Error {
  override readonly name = 'TraceStoreOpenError';
}

function createOrMigrate(db: TraceDatabase, file: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    throw new TraceStoreOpenError(
      `the trace database ${file} has schema version ${version}; this Meshlens reads up to version ${SCHEMA_VERSION}`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version === 1) {
      migrateFromVersion1(db, () => db.exec(SCHEMA));
    } else {
      db.exec(SCHEMA);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  // The old tables' pages, about four times what the same spans take now: given back once.
  if (version === 1) db.pragma('incremental_vacuum');
}

/** Opens (creating or migrating if needed) the database at `path`, or an in-memory one for `:memory:`. */
export function openTraceDatabase(path: string): TraceDatabase {
  const file = path === ':memory:' ? path : resolve(path);
  let db: TraceDatabase | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    // Only takes effect before the first table exists, which is when it matters.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    createOrMigrate(db, file);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof TraceStoreOpenError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new TraceStoreOpenError(`cannot open the trace database ${file}: ${message}`);
  }
}
