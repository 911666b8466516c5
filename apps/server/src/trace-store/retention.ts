/**
 * Bounded retention of the trace database. A pass deletes whole traces, oldest first:
 *
 * - by age: traces that received no span for `maxAgeMs`, counted from when the store received
 *   them (as Cassandra's and Badger's span TTLs count from the write), so a trace replayed with old
 *   timestamps is kept as long as a fresh one;
 * - by size: while the store holds more than `maxSpans` spans, the least recently received traces.
 *
 * One pass deletes at most `maxTracesPerPass` traces in one transaction, so it costs a bounded
 * time on the ingest path that runs it; the periodic timer and the next ingests finish the rest.
 * Operations no longer counted in any span are forgotten, and freed pages beyond a reserve the next
 * writes will reuse are given back.
 */
import type { TraceDatabase } from './store-schema.ts';

export interface RetentionOptions {
  /** Traces that received no span for this long are deleted. */
  readonly maxAgeMs: number;
  /** Above this many spans, the least recently received traces are deleted. */
  readonly maxSpans: number;
  /** How often a pass runs besides after every ingest. */
  readonly intervalMs: number;
  /** The most traces one pass deletes. */
  readonly maxTracesPerPass: number;
}

/** Three days, as Jaeger's Badger storage keeps spans by default; 100k spans is a few hundred MB. */
export const DEFAULT_RETENTION: RetentionOptions = Object.freeze({
  maxAgeMs: 72 * 3_600_000,
  maxSpans: 100_000,
  intervalMs: 60_000,
  maxTracesPerPass: 1_000,
});

export interface RetentionResult {
  readonly deletedTraces: number;
  readonly deletedSpans: number;
}

interface Victim {
  trace_id: string;
  span_count: number;
}

interface VictimSpan {
  id: number;
  service: string;
  operation: string;
  span_kind: string;
}

interface OperationCount {
  readonly service: string;
  readonly operation: string;
  readonly kind: string;
  count: number;
}

/** Pages given back to the file system per pass (4 KiB each). */
const VACUUM_PAGES = 2_000;
/**
 * Free pages kept for the next writes rather than given back (32 MiB): at capacity, each pass frees
 * about what the ingests between passes need, and giving it back only for the file to grow again
 * costs page moves on every pass.
 */
const RESERVE_PAGES = 8_192;

export type RetentionPass = (input: { nowMs: number; spanCount: number }) => RetentionResult;

export function createRetentionPass(db: TraceDatabase, options: RetentionOptions): RetentionPass {
  const expired = db.prepare<{ cutoff: number; budget: number }, Victim>(
    'SELECT trace_id, span_count FROM traces WHERE received_ms < @cutoff ORDER BY received_ms LIMIT @budget',
  );
  const oldest = db.prepare<{ budget: number }, Victim>(
    'SELECT trace_id, span_count FROM traces ORDER BY received_ms, trace_id LIMIT @budget',
  );
  const spansOf = db.prepare<[string], VictimSpan>(
    'SELECT id, service, operation, span_kind FROM spans WHERE trace_id = ?',
  );
  const deleteTokens = db.prepare<[number]>('DELETE FROM span_tags WHERE rowid = ?');
  const deleteSpans = db.prepare<[string]>('DELETE FROM spans WHERE trace_id = ?');
  const deleteTrace = db.prepare<[string]>('DELETE FROM traces WHERE trace_id = ?');
  const uncountOperation = db.prepare<[number, string, string, string]>(
    'UPDATE operations SET span_count = span_count - ? WHERE service = ? AND operation = ? AND span_kind = ?',
  );
  const forgetOperation = db.prepare<[string, string, string]>(
    'DELETE FROM operations WHERE service = ? AND operation = ? AND span_kind = ? AND span_count <= 0',
  );

  const countOperations = (spans: readonly VictimSpan[]): OperationCount[] => {
    const operations = new Map<string, OperationCount>();
    for (const span of spans) {
      const key = `${span.service}\u0000${span.operation}\u0000${span.span_kind}`;
      const op = operations.get(key);
      if (op === undefined) {
        operations.set(key, {
          service: span.service,
          operation: span.operation,
          kind: span.span_kind,
          count: 1,
        });
      } else {
        op.count += 1;
      }
    }
    return [...operations.values()];
  };

  const remove = db.transaction((victims: readonly Victim[]): number => {
    const doomed = victims.flatMap((v) => spansOf.all(v.trace_id));
    // In rowid order: FTS5 buffers changes in rowid order and writes its buffer out whenever a
    // smaller rowid follows a larger one, which costs ten times the deletes themselves.
    for (const id of doomed.map((s) => s.id).sort((a, b) => a - b)) deleteTokens.run(id);
    let spans = 0;
    for (const { trace_id: traceId } of victims) {
      spans += deleteSpans.run(traceId).changes;
      deleteTrace.run(traceId);
    }
    for (const op of countOperations(doomed)) {
      uncountOperation.run(op.count, op.service, op.operation, op.kind);
      forgetOperation.run(op.service, op.operation, op.kind);
    }
    return spans;
  });

  return ({ nowMs, spanCount }) => {
    const budget = options.maxTracesPerPass;
    const victims = new Map<string, Victim>();
    for (const victim of expired.all({ cutoff: nowMs - options.maxAgeMs, budget })) {
      victims.set(victim.trace_id, victim);
    }
    let remaining = spanCount - [...victims.values()].reduce((sum, v) => sum + v.span_count, 0);
    if (remaining > options.maxSpans && victims.size < budget) {
      for (const victim of oldest.all({ budget })) {
        if (remaining <= options.maxSpans || victims.size >= budget) break;
        if (victims.has(victim.trace_id)) continue;
        victims.set(victim.trace_id, victim);
        remaining -= victim.span_count;
      }
    }
    if (victims.size === 0) return { deletedTraces: 0, deletedSpans: 0 };
    const deletedSpans = remove([...victims.values()]);
    const free = Number(db.pragma('freelist_count', { simple: true }));
    if (free > RESERVE_PAGES)
      db.pragma(`incremental_vacuum(${Math.min(VACUUM_PAGES, free - RESERVE_PAGES)})`);
    return { deletedTraces: victims.size, deletedSpans };
  };
}
