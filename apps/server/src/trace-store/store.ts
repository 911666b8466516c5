/**
 * The embedded trace store: OTLP export requests in, Jaeger traces out, over SQLite
 * (`store-schema.ts`). An export request is converted as Jaeger's collector converts it
 * (`otlp-to-jaeger.ts`) and written in one transaction (`span-writer.ts`); identical copies of a
 * span are kept once. Searches follow Jaeger's memory store (`store-search.ts`), and every trace
 * comes back whole.
 */
import type { Checkpointer } from './checkpointer.ts';
import { startCheckpointer } from './checkpointer.ts';
import type { JaegerSpan } from './jaeger-model.ts';
import { toJaegerSpans } from './otlp-to-jaeger.ts';
import type { OtlpExportRequest } from './otlp-types.ts';
import type { RetentionOptions, RetentionPass, RetentionResult } from './retention.ts';
import { DEFAULT_RETENTION, createRetentionPass } from './retention.ts';
import type { StoredSpanRow } from './span-codec.ts';
import { decodeSpan } from './span-codec.ts';
import type { SpanWriter } from './span-writer.ts';
import { createSpanWriter } from './span-writer.ts';
import type { TraceDatabase } from './store-schema.ts';
import { openTraceDatabase } from './store-schema.ts';
import type { TraceQuery, TraceSearch } from './store-search.ts';
import { createTraceSearch } from './store-search.ts';

export type { TraceQuery } from './store-search.ts';

export interface TraceStoreOptions {
  /** A database file (created with its directory if missing), or `:memory:`. */
  readonly path: string;
  readonly retention?: Partial<RetentionOptions>;
  /** The clock retention uses; defaults to `Date.now`. */
  readonly nowMs?: () => number;
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

const SPAN_COLUMNS = 'trace_id, span_id, service, operation, start_us, duration_us, body';

/**
 * Parent → child service call counts in traces with a span starting within (start, end), as
 * Jaeger's memory store derives them: one call per span whose parent span is in the trace and
 * belongs to another service. The traces are found service by service through `spans_by_service`.
 */
const DEPENDENCIES_SQL = `
  WITH services AS (SELECT DISTINCT service FROM operations),
       in_window AS (SELECT DISTINCT s.trace_id FROM services v
                       JOIN spans s INDEXED BY spans_by_service
                         ON s.service = v.service AND s.start_us > @startUs AND s.start_us < @endUs)
  SELECT p.service AS parent, c.service AS child, COUNT(*) AS callCount
    FROM in_window w
    JOIN spans c ON c.trace_id = w.trace_id
    JOIN spans p ON p.id = (SELECT MIN(x.id) FROM spans x
                             WHERE x.trace_id = c.trace_id AND x.span_id = c.parent_span_id)
   WHERE c.parent_span_id IS NOT NULL AND p.service <> c.service
   GROUP BY p.service, c.service
   ORDER BY p.service, c.service`;

function prepareQueries(db: TraceDatabase) {
  return {
    count: db.prepare<[], { n: number }>('SELECT COALESCE(SUM(span_count), 0) AS n FROM traces'),
    services: db.prepare<[], { service: string }>('SELECT DISTINCT service FROM operations ORDER BY service'),
    operations: db.prepare<{ service: string; kind: string }, { operation: string; span_kind: string }>(
      `SELECT operation, span_kind FROM operations
        WHERE service = @service AND (@kind = '' OR span_kind = @kind) ORDER BY operation, span_kind`,
    ),
    trace: db.prepare<[string], StoredSpanRow>(
      `SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_id = ? ORDER BY start_us, id`,
    ),
    span: db.prepare<[number], StoredSpanRow>(`SELECT ${SPAN_COLUMNS} FROM spans WHERE id = ?`),
    dependencies: db.prepare<{ startUs: number; endUs: number }, DependencyLink>(DEPENDENCIES_SQL),
  };
}

export class TraceStore {
  readonly #db: TraceDatabase;
  readonly #now: () => number;
  readonly #retentionPass: RetentionPass;
  readonly #timer: NodeJS.Timeout;
  readonly #write: SpanWriter;
  readonly #queries: ReturnType<typeof prepareQueries>;
  readonly #search: TraceSearch;
  readonly #checkpointer: Checkpointer;
  #spanCount: number;

  constructor(options: TraceStoreOptions) {
    const retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.#db = openTraceDatabase(options.path);
    this.#now = options.nowMs ?? Date.now;
    this.#checkpointer = startCheckpointer(this.#db);
    this.#retentionPass = createRetentionPass(this.#db, retention);
    this.#queries = prepareQueries(this.#db);
    this.#spanCount = this.#queries.count.get()?.n ?? 0;
    const write = createSpanWriter(this.#db);
    this.#write = this.#db.transaction(write);
    const queries = this.#queries;
    this.#search = createTraceSearch({
      db: this.#db,
      spanById: (id) => {
        const row = queries.span.get(id);
        return row === undefined ? undefined : decodeSpan(row);
      },
    });
    this.#timer = setInterval(() => {
      try {
        this.enforceRetention();
      } catch {
        // The next ingest runs the same pass and reports the failure to its exporter.
      }
    }, retention.intervalMs);
    this.#timer.unref();
  }

  /** Stores an export request in one transaction, then runs a bounded retention pass. */
  ingest(request: OtlpExportRequest): IngestResult {
    const spans = toJaegerSpans(request);
    const stored = this.#write(spans, this.#now());
    this.#spanCount += stored;
    this.#checkpointer.wrote();
    this.enforceRetention();
    return { receivedSpans: spans.length, storedSpans: stored };
  }

  /** One bounded retention pass (see `retention.ts`). */
  enforceRetention(): RetentionResult {
    const result = this.#retentionPass({ nowMs: this.#now(), spanCount: this.#spanCount });
    this.#spanCount -= result.deletedSpans;
    if (result.deletedSpans > 0) this.#checkpointer.wrote();
    return result;
  }

  get spanCount(): number {
    return this.#spanCount;
  }

  services(): string[] {
    return this.#queries.services.all().map((r) => r.service);
  }

  /** The service's operations, optionally of one span kind, sorted by name. */
  operations(service: string, spanKind = ''): OperationEntry[] {
    const rows = this.#queries.operations.all({ service, kind: spanKind });
    return rows.map((r) => ({ name: r.operation, spanKind: r.span_kind }));
  }

  /** A whole trace by its 32-digit id, spans by start time; undefined when unknown. */
  getTrace(traceId: string): JaegerSpan[] | undefined {
    const rows = this.#queries.trace.all(traceId);
    return rows.length === 0 ? undefined : rows.map(decodeSpan);
  }

  findTraces(query: TraceQuery): JaegerSpan[][] {
    return this.#search(query).map((id) => this.getTrace(id) ?? []);
  }

  /** Service calls in traces with a span starting within (start, end), sorted by parent, then child. */
  dependencies(window: { startUs: number; endUs: number }): DependencyLink[] {
    return this.#queries.dependencies.all(window);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#checkpointer.close();
    this.#db.close();
  }
}
