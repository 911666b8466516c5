/**
 * An in-memory `JaegerApi` for unit tests, holding Jaeger UI-model traces. Its search has the
 * semantics of Jaeger's memory store (as the embedded store's): a trace matches when one of its
 * spans has the service, the operation (if given), a start within [start, end], a duration within
 * [min, max] and every tag (a span tag, process tag or log field, compared as text); whole traces
 * are answered, newest first by their latest matching span, at most `limit` (default 100). It
 * records every search, and can play an unreachable server.
 */
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { ConsoleError } from '../../../console/errors.ts';
import type { JaegerApi, JaegerTraceQuery, JaegerTraces } from '../jaeger-api.ts';
import { normalTraceId, traceNotFoundMessage } from '../jaeger-api.ts';

const DEFAULT_LIMIT = 100;
const DEFAULT_LOOKBACK_US = 2 * 86_400_000_000;
const UNIT_US: Readonly<Record<string, number>> = {
  us: 1,
  µs: 1,
  ms: 1000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
  w: 604_800_000_000,
};

export interface FakeJaegerApiOptions {
  readonly traces?: readonly JaegerTrace[];
  /** The clock for default windows; default `Date.now`. */
  readonly nowMs?: () => number;
  readonly url?: string;
}

export interface FakeJaegerApi extends JaegerApi {
  /** Every `findTraces` query, in order. */
  readonly searches: JaegerTraceQuery[];
  add(...traces: JaegerTrace[]): void;
  /** From now on every call fails as an unreachable server does. */
  goDown(): void;
}

function tagText(tag: JaegerKeyValue): string {
  switch (tag.type) {
    case 'string':
      return tag.value;
    case 'bool':
      return tag.value ? 'true' : 'false';
    case 'int64':
    case 'float64':
      return String(tag.value);
    case 'binary':
      return Buffer.from(tag.value, 'base64').toString('hex');
  }
}

function lookbackUs(text: string): number {
  const match = /^(\d+)(us|µs|ms|s|m|h|d|w)$/.exec(text);
  const unit = match?.[2] === undefined ? undefined : UNIT_US[match[2]];
  if (match === null || unit === undefined) throw new Error(`fake Jaeger: unsupported lookback ${text}`);
  return Number(match[1]) * unit;
}

function spanMatches(
  trace: JaegerTrace,
  span: JaegerSpan,
  q: Required<Pick<JaegerTraceQuery, 'startUs' | 'endUs'>> & JaegerTraceQuery,
): boolean {
  const process = trace.processes[span.processID];
  if (process?.serviceName !== q.service) return false;
  if (q.operation !== undefined && q.operation !== '' && span.operationName !== q.operation) return false;
  if (span.startTime < q.startUs || span.startTime > q.endUs) return false;
  if (q.minDurationUs !== undefined && span.duration < q.minDurationUs) return false;
  if (q.maxDurationUs !== undefined && span.duration > q.maxDurationUs) return false;
  const all = [...span.tags, ...process.tags, ...span.logs.flatMap((l) => l.fields)];
  return Object.entries(q.tags ?? {}).every(([key, value]) =>
    all.some((t) => t.key === key && tagText(t) === value),
  );
}

export function createFakeJaegerApi(options: FakeJaegerApiOptions = {}): FakeJaegerApi {
  const url = options.url ?? 'http://jaeger.fake:16686';
  const nowMs = options.nowMs ?? Date.now;
  const traces = new Map<string, JaegerTrace>();
  const searches: JaegerTraceQuery[] = [];
  let down = false;

  const add = (...more: JaegerTrace[]): void => {
    for (const t of more) traces.set(normalTraceId(t.traceID), structuredClone(t));
  };
  add(...(options.traces ?? []));

  const check = (path: string): void => {
    if (down) {
      throw new ConsoleError('unavailable', `Jaeger at ${url} is unreachable: ${path}: connect ECONNREFUSED`);
    }
  };

  return {
    url,
    searches,
    add,
    goDown() {
      down = true;
    },
    services() {
      check('/api/services');
      const names = new Set<string>();
      for (const t of traces.values()) for (const p of Object.values(t.processes)) names.add(p.serviceName);
      return Promise.resolve([...names].sort());
    },
    operations(service) {
      check(`/api/services/${service}/operations`);
      const names = new Set<string>();
      for (const t of traces.values()) {
        for (const s of t.spans)
          if (t.processes[s.processID]?.serviceName === service) names.add(s.operationName);
      }
      return Promise.resolve([...names].sort());
    },
    findTraces(query): Promise<JaegerTraces> {
      check('/api/traces');
      searches.push(query);
      const endUs = query.endUs ?? nowMs() * 1000;
      const lookback =
        query.lookback === undefined || query.lookback === 'custom' ? undefined : query.lookback;
      const startUs =
        query.startUs ??
        (lookback === undefined ? nowMs() * 1000 - DEFAULT_LOOKBACK_US : endUs - lookbackUs(lookback));
      const q = { ...query, startUs, endUs };
      const found: { trace: JaegerTrace; latestUs: number }[] = [];
      for (const trace of traces.values()) {
        const starts = trace.spans.filter((s) => spanMatches(trace, s, q)).map((s) => s.startTime);
        if (starts.length > 0) found.push({ trace, latestUs: Math.max(...starts) });
      }
      found.sort((a, b) => b.latestUs - a.latestUs || (a.trace.traceID < b.trace.traceID ? -1 : 1));
      const limit = query.limit ?? DEFAULT_LIMIT;
      const kept = limit > 0 ? found.slice(0, limit) : found;
      return Promise.resolve({ traces: kept.map((f) => structuredClone(f.trace)), errors: null });
    },
    getTrace(traceId) {
      check(`/api/traces/${traceId}`);
      const trace = traces.get(normalTraceId(traceId));
      if (trace === undefined)
        return Promise.reject(new ConsoleError('not-found', traceNotFoundMessage(traceId)));
      return Promise.resolve(structuredClone(trace));
    },
  };
}
