/**
 * Writes converted spans into the trace database (`store-schema.ts`), inside the caller's
 * transaction: per span one row and one row of tag tokens (`tag-tokens.ts`); per trace and per
 * operation one upsert for the whole batch rather than one per span. A span whose identical copy is
 * already stored (same trace and `spanHash`) is skipped, as Jaeger's span-hash deduper skips it.
 */
import type Database from 'better-sqlite3';
import type { JaegerSpan } from './jaeger-model.ts';
import { parentSpanId, spanKindOf } from './jaeger-model.ts';
import { encodeSpanBody, spanHash } from './span-codec.ts';
import { spanTokens } from './tag-tokens.ts';

/** Stores `spans` received at `receivedMs` (ms since the epoch); returns how many were new. */
export type SpanWriter = (spans: readonly JaegerSpan[], receivedMs: number) => number;

type SpanParams = [
  traceId: string,
  spanId: string,
  parent: string | null,
  service: string,
  operation: string,
  kind: string,
  startUs: number,
  durationUs: number,
  hash: bigint,
  body: string,
];

interface OperationCount {
  readonly service: string;
  readonly operation: string;
  readonly kind: string;
  count: number;
}

export function createSpanWriter(db: Database.Database): SpanWriter {
  const insertSpan = db.prepare<SpanParams>(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_us, duration_us, hash, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (trace_id, hash) DO NOTHING`,
  );
  const insertTokens = db.prepare<[number | bigint, string]>(
    'INSERT INTO span_tags (rowid, tokens) VALUES (?, ?)',
  );
  const upsertTrace = db.prepare<[string, number, number]>(
    `INSERT INTO traces (trace_id, received_ms, span_count) VALUES (?, ?, ?)
     ON CONFLICT (trace_id) DO UPDATE SET received_ms = MAX(received_ms, excluded.received_ms),
                                          span_count = span_count + excluded.span_count`,
  );
  const upsertOperation = db.prepare<[string, string, string, number]>(
    `INSERT INTO operations (service, operation, span_kind, span_count) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET span_count = span_count + excluded.span_count`,
  );

  return (spans, receivedMs) => {
    const traces = new Map<string, number>();
    const operations = new Map<string, OperationCount>();
    let stored = 0;
    for (const span of spans) {
      const body = encodeSpanBody(span);
      const service = span.process.serviceName;
      const kind = spanKindOf(span.tags);
      const result = insertSpan.run(
        span.traceID,
        span.spanID,
        parentSpanId(span) ?? null,
        service,
        span.operationName,
        kind,
        span.startTime,
        span.duration,
        spanHash(span, body),
        body,
      );
      if (result.changes === 0) continue;
      insertTokens.run(result.lastInsertRowid, spanTokens(span));
      traces.set(span.traceID, (traces.get(span.traceID) ?? 0) + 1);
      const opKey = `${service}\u0000${span.operationName}\u0000${kind}`;
      const op = operations.get(opKey);
      if (op === undefined) operations.set(opKey, { service, operation: span.operationName, kind, count: 1 });
      else op.count += 1;
      stored += 1;
    }
    for (const [traceId, count] of traces) upsertTrace.run(traceId, receivedMs, count);
    for (const op of operations.values()) upsertOperation.run(op.service, op.operation, op.kind, op.count);
    return stored;
  };
}
