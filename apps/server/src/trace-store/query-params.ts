/**
 * Jaeger's query parameters (`cmd/query/app/query_parser.go`), parsed in Jaeger's order and
 * refused with Jaeger's messages (`unable to parse param 'limit': strconv.ParseInt: …`):
 *
 * - `/api/traces`: `service` (required unless `traceID` is given), `operation`, `tag` (`key:value`,
 *   repeatable) and `tags` (a JSON object of strings), `start` and `end` (µs since the epoch;
 *   default: two days ago and now), `minDuration` and `maxDuration` (Go durations such as `1.2s`),
 *   `limit` (traces; default 100), `traceID` (repeatable).
 *   Jaeger itself ignores `lookback` (its UI turns it into `start`); here, when `start` is absent,
 *   `lookback` (a Go duration, or `2d`, `1w`) sets it to `end - lookback`. `lookback=custom`, the
 *   UI's value for an explicit range, means none.
 * - `/api/dependencies`: `endTs` (ms since the epoch; default now), `lookback` (ms; default 24 h).
 */
import { parseGoDuration, parseGoInt32, parseGoInt64 } from './go-format.ts';
import { parseTraceId } from './jaeger-model.ts';
import type { TraceQuery } from './store.ts';

/** A refused parameter; the message is what Jaeger answers, naming the parameter. */
export class QueryParamError extends Error {
  override readonly name = 'QueryParamError';
}

const DEFAULT_LIMIT = 100;
const DEFAULT_TRACE_LOOKBACK_US = 2 * 24 * 3_600_000_000;
const DEFAULT_DEPENDENCY_LOOKBACK_MS = 24 * 3_600_000;
const LOOKBACK_UNITS = new Map([
  ['d', 86_400_000_000_000n],
  ['w', 604_800_000_000_000n],
]);

function parseError(param: string, error: string): QueryParamError {
  return new QueryParamError(`unable to parse param '${param}': ${error}`);
}

/** `parseTime`: an integer count of `unitUs` microseconds since the epoch, or `fallback`. */
function time(params: URLSearchParams, param: string, unitUs: number, fallback: () => number): number {
  const text = params.get(param) ?? '';
  if (text === '') return fallback();
  const parsed = parseGoInt64(text);
  if ('error' in parsed) throw parseError(param, parsed.error);
  return Number(parsed.value) * unitUs;
}

function durationNs(params: URLSearchParams, param: string): bigint {
  const text = params.get(param) ?? '';
  if (text === '') return 0n;
  const parsed = parseGoDuration(text);
  if ('error' in parsed) throw parseError(param, parsed.error);
  return parsed.ns;
}

function goTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function tags(params: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of params.getAll('tag')) {
    const [key = '', ...rest] = tag.split(':');
    if (rest.length === 0) {
      throw new QueryParamError(`malformed 'tag' parameter, expecting key:value, received: ${tag}`);
    }
    result[key] = rest.join(':');
  }
  for (const text of params.getAll('tags')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new QueryParamError(`malformed 'tags' parameter, cannot unmarshal JSON: ${reason}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      const reason = `json: cannot unmarshal ${goTypeOf(parsed)} into Go value of type map[string]string`;
      throw new QueryParamError(`malformed 'tags' parameter, cannot unmarshal JSON: ${reason}`);
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        const reason = `json: cannot unmarshal ${goTypeOf(value)} into Go value of type string`;
        throw new QueryParamError(`malformed 'tags' parameter, cannot unmarshal JSON: ${reason}`);
      }
      result[key] = value;
    }
  }
  return result;
}

/** Nanoseconds to the whole microseconds a span duration must reach (min) or not exceed (max). */
const ceilUs = (ns: bigint): number => Number(ns / 1000n + (ns % 1000n > 0n ? 1n : 0n));
const floorUs = (ns: bigint): number => Number(ns / 1000n - (ns % 1000n < 0n ? 1n : 0n));

export interface TraceSearch {
  /** 32-digit ids from `traceID` parameters; when present, they replace the search. */
  readonly traceIds: readonly string[];
  readonly query: TraceQuery;
}

export function parseTraceSearch(params: URLSearchParams, nowUs: number): TraceSearch {
  const service = params.get('service') ?? '';
  const operation = params.get('operation') ?? '';
  const end = time(params, 'end', 1, () => nowUs);
  const start = time(params, 'start', 1, () => {
    const lookback = params.get('lookback') ?? '';
    if (lookback === '' || lookback === 'custom') return nowUs - DEFAULT_TRACE_LOOKBACK_US;
    const parsed = parseGoDuration(lookback, { extra: LOOKBACK_UNITS });
    if ('error' in parsed) throw parseError('lookback', parsed.error);
    return end - Number(parsed.ns / 1000n);
  });
  const searchTags = tags(params);
  let limit = DEFAULT_LIMIT;
  const limitText = params.get('limit') ?? '';
  if (limitText !== '') {
    const parsed = parseGoInt32(limitText);
    if ('error' in parsed) throw parseError('limit', parsed.error);
    limit = parsed.value;
  }
  const minNs = durationNs(params, 'minDuration');
  const maxNs = durationNs(params, 'maxDuration');
  const traceIds = params.getAll('traceID').map((text) => {
    const parsed = parseTraceId(text);
    if ('error' in parsed) throw new QueryParamError(`cannot parse traceID param: ${parsed.error}`);
    return parsed.id;
  });
  if (traceIds.length === 0 && service === '') throw new QueryParamError("parameter 'service' is required");
  if (minNs !== 0n && maxNs !== 0n && maxNs < minNs) {
    throw new QueryParamError("'maxDuration' should be greater than 'minDuration'");
  }
  return {
    traceIds,
    query: {
      serviceName: service,
      operationName: operation,
      tags: searchTags,
      startTimeMinUs: start,
      startTimeMaxUs: end,
      ...(minNs === 0n ? {} : { durationMinUs: ceilUs(minNs) }),
      ...(maxNs === 0n ? {} : { durationMaxUs: floorUs(maxNs) }),
      limit,
    },
  };
}

export function parseDependencyWindow(
  params: URLSearchParams,
  nowMs: number,
): { startUs: number; endUs: number } {
  const endUs = time(params, 'endTs', 1000, () => nowMs * 1000);
  const lookbackText = params.get('lookback') ?? '';
  let lookbackMs = DEFAULT_DEPENDENCY_LOOKBACK_MS;
  if (lookbackText !== '') {
    const parsed = parseGoInt64(lookbackText);
    if ('error' in parsed) throw parseError('lookback', parsed.error);
    lookbackMs = Number(parsed.value);
  }
  return { startUs: endUs - lookbackMs * 1000, endUs };
}

/** `raw=true` (any of Go's `strconv.ParseBool` spellings of true) turns the adjusters off. */
export function isRaw(params: URLSearchParams): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(params.get('raw') ?? '');
}
