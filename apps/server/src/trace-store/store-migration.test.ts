import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JaegerSpan } from './jaeger-model.ts';
import { parentSpanId, spanKindOf, tagAsString } from './jaeger-model.ts';
import { decodeOtlpJson } from './otlp-json.ts';
import { toJaegerSpans } from './otlp-to-jaeger.ts';
import { TraceStore } from './store.ts';
import { TraceStoreOpenError } from './store-schema.ts';
import { NOW_MS, NOW_US, bookinfoExport, traceId } from './trace-store.test-support.ts';

const HOUR_MS = 3_600_000;

/** The version 1 schema, as Meshlens wrote it before tags became tokens. */
const VERSION_1 = `
  CREATE TABLE spans (id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
    parent_span_id TEXT, service TEXT NOT NULL, operation TEXT NOT NULL, span_kind TEXT NOT NULL,
    start_us INTEGER NOT NULL, duration_us INTEGER NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL);
  CREATE UNIQUE INDEX spans_by_trace ON spans (trace_id, hash);
  CREATE INDEX spans_by_span_id ON spans (trace_id, span_id);
  CREATE INDEX spans_by_service ON spans (service, start_us);
  CREATE INDEX spans_by_operation ON spans (service, operation, span_kind, start_us);
  CREATE INDEX spans_by_start ON spans (start_us);
  CREATE TABLE span_tags (span INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL);
  CREATE INDEX span_tags_by_value ON span_tags (key, value, span);
  CREATE INDEX span_tags_by_span ON span_tags (span);
  CREATE TABLE traces (trace_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, span_count INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX traces_by_age ON traces (received_ms);
  CREATE TABLE operations (service TEXT NOT NULL, operation TEXT NOT NULL, span_kind TEXT NOT NULL,
    PRIMARY KEY (service, operation, span_kind)) WITHOUT ROWID;
  PRAGMA user_version = 1;
`;

const bookinfoSpans = (): JaegerSpan[] => toJaegerSpans(decodeOtlpJson(bookinfoExport()));

/** Writes `spans` as version 1 did; trace 2 was last received two hours before the others. */
function writeVersion1(path: string, spans: readonly JaegerSpan[]): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(VERSION_1);
    const insertSpan = db.prepare(
      `INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_us, duration_us, hash, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTag = db.prepare('INSERT INTO span_tags (span, key, value) VALUES (?, ?, ?)');
    for (const span of spans) {
      const { references, tags, logs, process, warnings } = span;
      const kind = spanKindOf(tags);
      const { lastInsertRowid } = insertSpan.run(
        span.traceID,
        span.spanID,
        parentSpanId(span) ?? null,
        process.serviceName,
        span.operationName,
        kind,
        span.startTime,
        span.duration,
        `hash-${span.spanID}`,
        JSON.stringify({ references, tags, logs, process, warnings }),
      );
      for (const tag of [...tags, ...process.tags]) insertTag.run(lastInsertRowid, tag.key, tagAsString(tag));
      db.prepare(
        `INSERT INTO traces VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET span_count = span_count + 1`,
      ).run(span.traceID, span.traceID === traceId(2) ? NOW_MS - 2 * HOUR_MS : NOW_MS);
      db.prepare('INSERT OR IGNORE INTO operations VALUES (?, ?, ?)').run(
        process.serviceName,
        span.operationName,
        kind,
      );
    }
  } finally {
    db.close();
  }
}

describe('opening a version 1 trace database', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshlens-trace-migration-'));
    path = join(dir, 'traces.db');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates it: the same traces, searchable by tag, with their receive times', () => {
    const spans = bookinfoSpans();
    writeVersion1(path, spans);

    const store = new TraceStore({ path, nowMs: () => NOW_MS, retention: { maxAgeMs: HOUR_MS } });
    try {
      const expected = spans
        .filter((s) => s.traceID === traceId(1))
        .sort((a, b) => a.startTime - b.startTime);
      expect(store.getTrace(traceId(1))).toEqual(expected);
      expect(store.spanCount).toBe(spans.length);
      expect(store.services()).toEqual(['productpage', 'ratings', 'reviews']);
      const search = { startTimeMinUs: 0, startTimeMaxUs: NOW_US, limit: 0 };
      expect(
        store.findTraces({ ...search, serviceName: 'ratings', tags: { 'http.status_code': '500' } }),
      ).toEqual([expected]);

      // Trace 2 was received two hours ago: past the one-hour retention.
      expect(store.enforceRetention()).toEqual({ deletedTraces: 1, deletedSpans: 1 });
      expect(store.findTraces({ ...search, serviceName: 'productpage' }).map((t) => t[0]?.traceID)).toEqual([
        traceId(1),
        traceId(3),
      ]);
    } finally {
      store.close();
    }
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(2);
    reopened.close();
  });

  it('refuses a database written by a newer Meshlens, naming the file and both versions', () => {
    const db = new Database(path);
    db.pragma('user_version = 3');
    db.close();

    expect(() => new TraceStore({ path })).toThrow(TraceStoreOpenError);
    expect(() => new TraceStore({ path })).toThrow(
      `the trace database ${path} has schema version 3; this Meshlens reads up to version 2`,
    );
  });
});
