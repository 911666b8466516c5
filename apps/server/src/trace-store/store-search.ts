/**
 * Jaeger's trace search over the store, with the semantics of Jaeger's memory store
 * (`plugin/storage/memory`): a trace matches when one of its spans has the service, the operation
 * (if given), a start time within [min, max], a duration within [min, max] (each bound only when
 * given) and every searched tag, where a tag may be a span tag, a process tag or a log field and
 * matches on its `AsString()` text. The limit counts traces, newest first by their latest matching
 * span (as Jaeger's Elasticsearch reader ranks them), ties by trace id; 0 or less means all.
 *
 * How: matching spans are read in answer order — start time descending, then trace id — and a
 * trace is taken the first time one of its spans comes by (that span is its latest match), until
 * `limit` traces are taken. Which index drives the read depends on the tags:
 *
 * - no tags, or tags many spans of the service carry: the `spans_by_service` index, which holds
 *   every other criterion, in answer order; tags are checked against the set of spans the tag
 *   index (`span_tags`) returns for them.
 * - tags at most `FEW_TAGGED_SPANS` spans carry: those spans, fetched by rowid and sorted.
 *
 * A token match is confirmed on the span's real tags before its trace is taken (`tag-tokens.ts`).
 */
import type Database from 'better-sqlite3';
import type { JaegerSpan } from './jaeger-model.ts';
import { spanHasTags, tagsMatchQuery } from './tag-tokens.ts';

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

/** Below this many tagged spans, reading them all beats walking the service's spans by time. */
const FEW_TAGGED_SPANS = 2_000;

type Plan = 'by-time' | 'tagged-first';

interface Candidate {
  id: number;
  trace_id: string;
}

type Param = string | number;

/** The statement for one combination of criteria, and its parameters in order. */
function searchSql(
  query: TraceQuery,
  match: string | undefined,
  plan: Plan,
): { sql: string; params: Param[] } {
  // In the tagged-first plan, `+column` keeps SQLite from driving the read by `spans_by_service`.
  const col = (name: string): string => (plan === 'tagged-first' ? `+${name}` : name);
  const where = [`${col('service')} = ?`, `${col('start_us')} >= ?`, `${col('start_us')} <= ?`];
  const params: Param[] = [query.serviceName, query.startTimeMinUs, query.startTimeMaxUs];
  if (query.operationName !== undefined && query.operationName !== '') {
    where.push(`${col('operation')} = ?`);
    params.push(query.operationName);
  }
  if (query.durationMinUs !== undefined) {
    where.push(`${col('duration_us')} >= ?`);
    params.push(query.durationMinUs);
  }
  if (query.durationMaxUs !== undefined) {
    where.push(`${col('duration_us')} <= ?`);
    params.push(query.durationMaxUs);
  }
  if (match !== undefined) {
    where.push('id IN (SELECT rowid FROM span_tags WHERE span_tags MATCH ?)');
    params.push(match);
  }
  const from = plan === 'by-time' ? 'spans INDEXED BY spans_by_service' : 'spans';
  const sql = `SELECT id, trace_id FROM ${from} WHERE ${where.join(' AND ')} ORDER BY start_us DESC, trace_id`;
  return { sql, params };
}

/** Returns the ids of the traces that match, in answer order. */
export type TraceSearch = (query: TraceQuery) => string[];

export interface TraceSearchDeps {
  readonly db: Database.Database;
  /** The stored span with this rowid, for confirming tag matches. */
  readonly spanById: (id: number) => JaegerSpan | undefined;
  /** The tagged-span count up to which the tagged-first plan is used; tests vary it. */
  readonly fewTaggedSpans?: number;
}

export function createTraceSearch(deps: TraceSearchDeps): TraceSearch {
  const { db, spanById } = deps;
  const fewTagged = deps.fewTaggedSpans ?? FEW_TAGGED_SPANS;
  const statements = new Map<string, Database.Statement<Param[], Candidate>>();
  const prepare = (sql: string): Database.Statement<Param[], Candidate> => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare<Param[], Candidate>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const countTagged = db.prepare<[string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM (SELECT 1 FROM span_tags WHERE span_tags MATCH ? LIMIT ?)',
  );

  return (query) => {
    const tags = query.tags ?? {};
    const searched = Object.keys(tags).length > 0;
    const match = searched ? tagsMatchQuery(query.serviceName, tags) : undefined;
    let plan: Plan = 'by-time';
    if (match !== undefined) {
      const tagged = countTagged.get(match, fewTagged + 1)?.n ?? 0;
      if (tagged === 0) return [];
      if (tagged <= fewTagged) plan = 'tagged-first';
    }
    const { sql, params } = searchSql(query, match, plan);
    const limit = query.limit > 0 ? Math.trunc(query.limit) : Number.POSITIVE_INFINITY;
    const taken = new Set<string>();
    for (const candidate of prepare(sql).iterate(...params)) {
      if (taken.has(candidate.trace_id)) continue;
      if (searched) {
        const span = spanById(candidate.id);
        if (span === undefined || !spanHasTags(span, tags)) continue;
      }
      taken.add(candidate.trace_id);
      if (taken.size >= limit) break;
    }
    return [...taken];
  };
}
