/**
 * The embedded trace store: OTLP export requests in, Jaeger traces out, over SQLite
 * (`store-schema.ts`). An export request is converted as Jaeger's collector converts it
 * (`otlp-to-jaeger.ts`) and written in one transaction; identical copies of a span are kept once.
 *
 * Searches follow Jaeger's memory store (`plugin/storage/memory`): a trace matches when one of its
 * spans has the service, the operation (if given), a start time within [min, max], a duration
 * within [min, max] (each bound only when non-zero) and every searched tag, where a tag may be a
 * span tag, a process tag or a log field and matches on its `AsString()` text. The limit counts
 * traces, the newest first (by their latest matching span, as Jaeger's Elasticsearch reader ranks
 * them), and every trace comes back whole.
 */
import { createHash } from 'node:crypto';
import type { JaegerSpan, JaegerTag } from './jaeger-model.ts';
import { parentSpanId, spanKindOf, tagAsString } from './jaeger-model.ts';
import { toJaegerSpans } from './otlp-to-jaeger.ts';
import type { OtlpExportRequest } from './otlp-types.ts';
import type { RetentionOptions, RetentionPass, RetentionResult } from './retention.ts';
import { DEFAULT_RETENTION, createRetentionPass } from './retention.ts';
import type { TraceDatabase } from './store-schema.ts';
import { openTraceDatabase } from './store-schema.ts';

export interface TraceStoreOptions {
  /** A database file (created with its directory if missing), or `:memory:`. */
  readonly path: string;
  readonly retention?: Partial<RetentionOptions>;
  /** The clock retention uses; defaults to `Date.now`. */
  readonly nowMs?: () => number;
}

export interface TraceQuery {
  readonly serviceName: string;
  /** Empty or absent: any operation. */
  readonly operationName?: string;
  /** Every entry must match one tag of one span (the same span that matches the rest). */
  readonly tags?: Readonly<Record<string, string>>;
  readonly startTimeMinUs: number;
  readonly startTimeMaxUs: number;
  /** Absent: no bound. */
  readonly durationMinUs?: number;
  readonly durationMaxUs?: number;
  /** How many traces; 0 or less: all. */
  readonly limit: number;
}

export interface OperationEntry {
  readonly name: string;
  /** `client`, `server`, … or '' when the spans have no `span.kind`. */
  readonly spanKind: string;
}

export interface DependencyLink {
  readonly parent: string;
  readonly child: string;
  readonly callCount: number;
}

export interface IngestResult {
  readonly receivedSpans: number;
  /** Spans not already stored. */
  readonly storedSpans: number;
}

/** What `body` holds: the span fields that are not columns. Written and read only here. */
type StoredBody = Pick<JaegerSpan, 'references' | 'tags' | 'logs' | 'process' | 'warnings'>;

interface SpanRow {
  trace_id: string;
  span_id: string;
  operation: string;
  start_us: number;
  duration_us: number;
  body: string;
}

const SPAN_COLUMNS = 'trace_id, span_id, operation, start_us, duration_us, body';

function fromRow(row: SpanRow): JaegerSpan {
  const body = JSON.parse(row.body) as StoredBody;
  return {
    traceID: row.trace_id,
    spanID: row.span_id,
    operationName: row.operation,
    startTime: row.start_us,
    duration: row.duration_us,
    ...body,
  };
}

/** The distinct (key, `AsString()` value) pairs a `tags` search can match on this span. */
function searchableTags(span: JaegerSpan): (readonly [string, string])[] {
  const all: JaegerTag[] = [...span.tags, ...span.process.tags, ...span.logs.flatMap((l) => l.fields)];
  const pairs = new Map(
    all.map((tag) => [`${tag.key}\u0000${tagAsString(tag)}`, [tag.key, tagAsString(tag)] as const]),
  );
  return [...pairs.values()];
}

export class TraceStore {
  readonly #db: TraceDatabase;
  readonly #now: () => number;
  readonly #retentionPass: RetentionPass;
  readonly #timer: NodeJS.Timeout;
  readonly #ingest: (spans: readonly JaegerSpan[], receivedMs: number) => number;
  #spanCount: number;

  constructor(options: TraceStoreOptions) {
    const retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.#db = openTraceDatabase(options.path);
    this.#now = options.nowMs ?? Date.now;
    this.#retentionPass = createRetentionPass(this.#db, retention);
    this.#spanCount = this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM spans').get()?.n ?? 0;
    this.#ingest = this.#prepareIngest();
    this.#timer = setInterval(() => {
      try {
        this.enforceRetention();
      } catch {
        // The next ingest runs the same pass and reports the failure to its exporter.
      }
    }, retention.intervalMs);
    this.#timer.unref();
  }

  #prepareIngest(): (spans: readonly JaegerSpan[], receivedMs: number) => number {
    const db = this.#db;
    const insertSpan = db.prepare(
      `INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation, span_kind, start_us, duration_us, hash, body)
       VALUES (@traceId, @spanId, @parent, @service, @operation, @kind, @start, @duration, @hash, @body)
       ON CONFLICT (trace_id, hash) DO NOTHING`,
    );
    const insertTag = db.prepare<[number | bigint, string, string]>(
      'INSERT INTO span_tags (span, key, value) VALUES (?, ?, ?)',
    );
    const upsertOperation = db.prepare<[string, string, string]>(
      'INSERT INTO operations (service, operation, span_kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const upsertTrace = db.prepare<[string, number]>(
      `INSERT INTO traces (trace_id, received_ms, span_count) VALUES (?, ?, 1)
       ON CONFLICT (trace_id) DO UPDATE SET received_ms = MAX(received_ms, excluded.received_ms), span_count = span_count + 1`,
    );
    return db.transaction((spans: readonly JaegerSpan[], receivedMs: number): number => {
      let stored = 0;
      for (const span of spans) {
        const { references, tags, logs, process, warnings } = span;
        const body = JSON.stringify({ references, tags, logs, process, warnings } satisfies StoredBody);
        const identity = JSON.stringify([
          span.spanID,
          span.operationName,
          span.startTime,
          span.duration,
          body,
        ]);
        const kind = spanKindOf(span.tags);
        const result = insertSpan.run({
          traceId: span.traceID,
          spanId: span.spanID,
          parent: parentSpanId(span) ?? null,
          service: span.process.serviceName,
          operation: span.operationName,
          kind,
          start: span.startTime,
          duration: span.duration,
          hash: createHash('sha256').update(identity).digest('base64url'),
          body,
        });
        if (result.changes === 0) continue;
        for (const [key, value] of searchableTags(span)) insertTag.run(result.lastInsertRowid, key, value);
        upsertOperation.run(span.process.serviceName, span.operationName, kind);
        upsertTrace.run(span.traceID, receivedMs);
        stored += 1;
      }
      return stored;
    });
  }

  /** Stores an export request in one transaction, then runs a bounded retention pass. */
  ingest(request: OtlpExportRequest): IngestResult {
    const spans = toJaegerSpans(request);
    const stored = this.#ingest(spans, this.#now());
    this.#spanCount += stored;
    this.enforceRetention();
    return { receivedSpans: spans.length, storedSpans: stored };
  }

  /** One bounded retention pass (see `retention.ts`). */
  enforceRetention(): RetentionResult {
    const result = this.#retentionPass({ nowMs: this.#now(), spanCount: this.#spanCount });
    this.#spanCount -= result.deletedSpans;
    return result;
  }

  get spanCount(): number {
    return this.#spanCount;
  }

  services(): string[] {
    const rows = this.#db
      .prepare<[], { service: string }>('SELECT DISTINCT service FROM operations ORDER BY service')
      .all();
    return rows.map((r) => r.service);
  }

  /** The service's operations, optionally of one span kind, sorted by name. */
  operations(service: string, spanKind = ''): OperationEntry[] {
    const rows = this.#db
      .prepare<{ service: string; kind: string }, { operation: string; span_kind: string }>(
        `SELECT operation, span_kind FROM operations
          WHERE service = @service AND (@kind = '' OR span_kind = @kind) ORDER BY operation, span_kind`,
      )
      .all({ service, kind: spanKind });
    return rows.map((r) => ({ name: r.operation, spanKind: r.span_kind }));
  }

  /** A whole trace by its 32-digit id, spans by start time; undefined when unknown. */
  getTrace(traceId: string): JaegerSpan[] | undefined {
    const rows = this.#db
      .prepare<[string], SpanRow>(
        `SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_id = ? ORDER BY start_us, id`,
      )
      .all(traceId);
    return rows.length === 0 ? undefined : rows.map(fromRow);
  }

  findTraces(query: TraceQuery): JaegerSpan[][] {
    const where = ['s.service = ?', 's.start_us >= ?', 's.start_us <= ?'];
    const params: (string | number)[] = [query.serviceName, query.startTimeMinUs, query.startTimeMaxUs];
    if (query.operationName !== undefined && query.operationName !== '') {
      where.push('s.operation = ?');
      params.push(query.operationName);
    }
    if (query.durationMinUs !== undefined) {
      where.push('s.duration_us >= ?');
      params.push(query.durationMinUs);
    }
    if (query.durationMaxUs !== undefined) {
      where.push('s.duration_us <= ?');
      params.push(query.durationMaxUs);
    }
    for (const [key, value] of Object.entries(query.tags ?? {})) {
      where.push('EXISTS (SELECT 1 FROM span_tags t WHERE t.span = s.id AND t.key = ? AND t.value = ?)');
      params.push(key, value);
    }
    // SQLite reads a negative LIMIT as none, which is what Jaeger does with a limit of 0 or less.
    params.push(query.limit > 0 ? Math.trunc(query.limit) : -1);
    const ids = this.#db
      .prepare<(string | number)[], { trace_id: string }>(
        `SELECT s.trace_id FROM spans s WHERE ${where.join(' AND ')}
          GROUP BY s.trace_id ORDER BY MAX(s.start_us) DESC, s.trace_id LIMIT ?`,
      )
      .all(...params);
    return ids.map((row) => this.getTrace(row.trace_id) ?? []);
  }

  /**
   * Parent → child service call counts in traces with a span starting within (start, end), as
   * Jaeger's memory store derives them: one call per span whose parent span is in the trace and
   * belongs to another service. Sorted by parent, then child.
   */
  dependencies(window: { startUs: number; endUs: number }): DependencyLink[] {
    return this.#db
      .prepare<{ startUs: number; endUs: number }, DependencyLink>(
        `WITH in_window AS (SELECT DISTINCT trace_id FROM spans WHERE start_us > @startUs AND start_us < @endUs)
         SELECT p.service AS parent, c.service AS child, COUNT(*) AS callCount
           FROM spans c
           JOIN in_window w ON w.trace_id = c.trace_id
           JOIN spans p ON p.id = (SELECT MIN(x.id) FROM spans x WHERE x.trace_id = c.trace_id AND x.span_id = c.parent_span_id)
          WHERE c.parent_span_id IS NOT NULL AND p.service <> c.service
          GROUP BY p.service, c.service
          ORDER BY p.service, c.service`,
      )
      .all(window);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#db.close();
  }
}
