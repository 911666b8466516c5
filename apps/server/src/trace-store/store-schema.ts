/**
 * The trace database: SQLite in WAL mode (queries never wait for ingest), `synchronous = NORMAL`
 * (a crash may lose the last spans, never corrupt the file: spans are telemetry, not config),
 * incremental auto-vacuum so that retention gives space back a bounded number of pages at a time.
 *
 * - `spans`: one row per span, the searchable fields as columns and the rest (references, tags,
 *   logs, process, warnings) as JSON in `body`. `hash` identifies identical copies of a span (an
 *   exporter retrying a batch); the store keeps one, as Jaeger's span-hash deduper does.
 * - `span_tags`: every tag a `tags` search can match, as Jaeger's memory store looks for them:
 *   span tags, process tags and log fields, each value as `KeyValue.AsString()` renders it.
 * - `traces`: per trace, when it last received a span and how many it has: retention drops whole
 *   traces, oldest first, so a trace is never returned half-deleted.
 * - `operations`: (service, operation, span kind) seen, for `/api/services` and operations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type TraceDatabase = Database.Database;

const SCHEMA_VERSION = 1;

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
    hash           TEXT NOT NULL,
    body           TEXT NOT NULL
  );
  CREATE UNIQUE INDEX spans_by_trace ON spans (trace_id, hash);
  CREATE INDEX spans_by_span_id ON spans (trace_id, span_id);
  CREATE INDEX spans_by_service ON spans (service, start_us);
  CREATE INDEX spans_by_operation ON spans (service, operation, span_kind, start_us);
  CREATE INDEX spans_by_start ON spans (start_us);
  CREATE TABLE span_tags (
    span  INTEGER NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL
  );
  CREATE INDEX span_tags_by_value ON span_tags (key, value, span);
  CREATE INDEX span_tags_by_span ON span_tags (span);
  CREATE TABLE traces (
    trace_id    TEXT PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    span_count  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX traces_by_age ON traces (received_ms);
  CREATE TABLE operations (
    service   TEXT NOT NULL,
    operation TEXT NOT NULL,
    span_kind TEXT NOT NULL,
    PRIMARY KEY (service, operation, span_kind)
  ) WITHOUT ROWID;
`;

export class TraceStoreOpenError extends Error {
  override readonly name = 'TraceStoreOpenError';
}

/** Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`. */
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
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new TraceStoreOpenError(
        `the trace database ${file} has schema version ${version}; this Meshlens reads up to version ${SCHEMA_VERSION}`,
      );
    }
    if (version < SCHEMA_VERSION) {
      const database = db;
      database
        .transaction(() => {
          database.exec(SCHEMA);
          database.pragma(`user_version = ${SCHEMA_VERSION}`);
        })
        .immediate();
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof TraceStoreOpenError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new TraceStoreOpenError(`cannot open the trace database ${file}: ${message}`);
  }
}
