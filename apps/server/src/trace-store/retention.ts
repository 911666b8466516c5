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
 * Operations no longer seen in any span are forgotten, and freed pages are given back.
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

interface Operation {
  service: string;
  operation: string;
  span_kind: string;
}

/** Pages given back to the file system per pass (4 KiB each). */
const VACUUM_PAGES = 2_000;

export type RetentionPass = (input: { nowMs: number; spanCount: number }) => RetentionResult;

export function createRetentionPass(db: TraceDatabase, options: RetentionOptions): RetentionPass {
  const expired = db.prepare<{ cutoff: number; budget: number }, Victim>(
    'SELECT trace_id, span_count FROM traces WHERE received_ms < @cutoff ORDER BY received_ms LIMIT @budget',
  );
  const oldest = db.prepare<{ budget: number }, Victim>(
    'SELECT trace_id, span_count FROM traces ORDER BY received_ms, trace_id LIMIT @budget',
  );
  const operationsOf = db.prepare<[string], Operation>(
    'SELECT DISTINCT service, operation, span_kind FROM spans WHERE trace_id = ?',
  );
  const deleteTags = db.prepare<[string]>(
    'DELETE FROM span_tags WHERE span IN (SELECT id FROM spans WHERE trace_id = ?)',
  );
  const deleteSpans = db.prepare<[string]>('DELETE FROM spans WHERE trace_id = ?');
  const deleteTrace = db.prepare<[string]>('DELETE FROM traces WHERE trace_id = ?');
  const forgetOperation = db.prepare<Operation>(
    `DELETE FROM operations
      WHERE service = @service AND operation = @operation AND span_kind = @span_kind
        AND NOT EXISTS (SELECT 1 FROM spans
                         WHERE service = @service AND operation = @operation AND span_kind = @span_kind)`,
  );

  const remove = db.transaction((victims: readonly Victim[]): number => {
    const operations = new Map<string, Operation>();
    let spans = 0;
    for (const { trace_id: traceId } of victims) {
      for (const op of operationsOf.all(traceId)) {
        operations.set(JSON.stringify([op.service, op.operation, op.span_kind]), op);
      }
      deleteTags.run(traceId);
      spans += deleteSpans.run(traceId).changes;
      deleteTrace.run(traceId);
    }
    for (const op of operations.values()) forgetOperation.run(op);
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
    db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
    return { deletedTraces: victims.size, deletedSpans };
  };
}
