/**
 * Migration of a version 1 trace database (spans as Jaeger JSON, a `span_tags` row per tag) to the
 * current schema, inside the caller's transaction, so that a failure leaves the version 1 file as
 * it was. The old tables are renamed aside, the current ones created, every span rewritten through
 * the normal write path (new body, hash and tag tokens) in pages of `PAGE` spans, the traces' receive
 * times carried over, and the old tables dropped (`store-schema.ts` then gives their pages back).
 */
import type Database from 'better-sqlite3';
import type { JaegerSpan } from './jaeger-model.ts';
import { createSpanWriter } from './span-writer.ts';

const PAGE = 1_000;

/** Version 1's `spans.body`: the span fields that were not columns. */
type Version1Body = Pick<JaegerSpan, 'references' | 'tags' | 'logs' | 'process' | 'warnings'>;

interface Version1Row {
  id: number;
  trace_id: string;
  span_id: string;
  operation: string;
  start_us: number;
  duration_us: number;
  body: string;
}

const VERSION_1_ASIDE = `
  DROP INDEX spans_by_trace;
  DROP INDEX spans_by_span_id;
  DROP INDEX spans_by_service;
  DROP INDEX spans_by_operation;
  DROP INDEX spans_by_start;
  DROP TABLE span_tags;
  DROP TABLE operations;
  DROP INDEX traces_by_age;
  ALTER TABLE spans RENAME TO spans_v1;
  ALTER TABLE traces RENAME TO traces_v1;
`;

export function migrateFromVersion1(db: Database.Database, createSchema: () => void): void {
  db.exec(VERSION_1_ASIDE);
  createSchema();
  const write = createSpanWriter(db);
  const page = db.prepare<[number], Version1Row>(
    `SELECT id, trace_id, span_id, operation, start_us, duration_us, body
       FROM spans_v1 WHERE id > ? ORDER BY id LIMIT ${PAGE}`,
  );
  for (let rows = page.all(0); rows.length > 0;) {
    const spans = rows.map((row): JaegerSpan => {
      // Written by version 1's store from typed spans.
      const body = JSON.parse(row.body) as Version1Body;
      return {
        traceID: row.trace_id,
        spanID: row.span_id,
        operationName: row.operation,
        startTime: row.start_us,
        duration: row.duration_us,
        ...body,
      };
    });
    write(spans, 0);
    rows = page.all(rows[rows.length - 1]?.id ?? Number.MAX_SAFE_INTEGER);
  }
  db.exec(`
    UPDATE traces SET received_ms = COALESCE(
      (SELECT v.received_ms FROM traces_v1 v WHERE v.trace_id = traces.trace_id), received_ms);
    DROP TABLE spans_v1;
    DROP TABLE traces_v1;
  `);
}
