/**
 * Kiali's traces query parameters (its `ParseTracingQuery`) checked into a `TracingQuery`:
 * `startMicros` and `endMicros` (µs since the epoch; default the epoch and now), `limit`
 * (positive; default 100, lowered to 10000 as Kiali does), `tags` (a JSON object of strings),
 * `minDuration` (µs) and `clusterName`. Kiali's rules and messages, plus one check Kiali lacks: a
 * start after the end is refused rather than answered with nothing. Every refusal names its
 * parameter; an empty value counts as absent, as in Kiali.
 *
 * `traceSearchOf` checks the trace search's parameters (`/api/tracing/traces`, Jaeger UI's search)
 * with the same integer and tags rules, and durations as Jaeger reads them (Go durations).
 */
import type { TraceSearchParam, TracingQueryParam } from '@meshlens/mesh-core/api/traces';
import {
  DEFAULT_TRACE_SEARCH_LIMIT,
  DEFAULT_TRACE_SEARCH_LOOKBACK_US,
  DEFAULT_TRACING_LIMIT,
  MAX_TRACING_LIMIT,
} from '@meshlens/mesh-core/api/traces';
import { ConsoleError } from '../errors.ts';
import type { TraceSearch } from '../services/tracing-search-service.ts';
import { parseGoDuration } from '../../trace-store/go-format.ts';
import type { TracingQuery } from '../services/traces-service.ts';

type Param = TracingQueryParam | TraceSearchParam;

function refuse(param: Param, message: string): ConsoleError {
  return new ConsoleError('input', message, { param });
}

/** A non-negative integer parameter (µs or a count), undefined when absent or empty. */
export function naturalParam(params: URLSearchParams, param: Param): number | undefined {
  const text = params.get(param) ?? '';
  if (text === '') return undefined;
  if (/^-\d+$/.test(text)) throw refuse(param, `parameter '${param}' must be non-negative`);
  if (!/^\+?\d+$/.test(text)) {
    throw refuse(param, `cannot parse parameter '${param}': [${text}] is not an integer`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw refuse(param, `cannot parse parameter '${param}': [${text}] is out of range`);
  return value;
}

export function tagsParam(params: URLSearchParams): Record<string, string> {
  const text = params.get('tags') ?? '';
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse('tags', `cannot parse parameter 'tags': ${reason}`);
  }
  if (parsed === null) throw refuse('tags', "parameter 'tags' must be a JSON object, not null");
  const refusal = refuse(
    'tags',
    `cannot parse parameter 'tags': expected a JSON object of strings, got [${text}]`,
  );
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw refusal;
  const tags: [string, string][] = [];
  for (const [key, value] of Object.entries(parsed) as [string, unknown][]) {
    if (typeof value !== 'string') throw refusal;
    tags.push([key, value]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays a tag.
  return Object.fromEntries(tags);
}

export function tracingQueryOf(params: URLSearchParams, nowUs: number): TracingQuery {
  const startUs = naturalParam(params, 'startMicros');
  const endUs = naturalParam(params, 'endMicros') ?? Math.floor(nowUs);
  if (startUs !== undefined && startUs > endUs) {
    throw refuse(
      'startMicros',
      `parameter 'startMicros' [${startUs}] must not be after 'endMicros' [${endUs}]`,
    );
  }
  const limit = naturalParam(params, 'limit') ?? DEFAULT_TRACING_LIMIT;
  if (limit === 0) throw refuse('limit', "parameter 'limit' must be positive");
  const tags = tagsParam(params);
  const minDurationUs = naturalParam(params, 'minDuration');
  const cluster = params.get('clusterName') ?? '';
  return {
    ...(startUs === undefined ? {} : { startUs }),
    endUs,
    tags,
    ...(minDurationUs === undefined ? {} : { minDurationUs }),
    limit: Math.min(limit, MAX_TRACING_LIMIT),
    ...(cluster === '' ? {} : { cluster }),
  };
}

/** A span duration as Jaeger reads it (Go's `time.ParseDuration`: `1.2s`, `100ms`, `500us`), in µs. */
function durationParam(params: URLSearchParams, param: 'minDuration' | 'maxDuration'): number | undefined {
  const text = params.get(param) ?? '';
  if (text === '') return undefined;
  const parsed = parseGoDuration(text);
  if ('error' in parsed) {
    const hint = /^[0-9.]+$/.test(text) ? ' (a unit is required, e.g. 100ms, 1.2s or 500us)' : '';
    throw refuse(param, `cannot parse parameter '${param}': ${parsed.error}${hint}`);
  }
  if (parsed.ns < 0n) throw refuse(param, `parameter '${param}' must not be negative`);
  // Jaeger stores microseconds: a duration below 1µs rounds up rather than to nothing.
  return Number((parsed.ns + 999n) / 1000n);
}

/** `GET /api/tracing/traces`'s parameters (see the module comment). */
export function traceSearchOf(params: URLSearchParams, nowUs: number): TraceSearch {
  const service = params.get('service') ?? '';
  if (service.trim() === '') throw refuse('service', "parameter 'service' is required");
  const operation = params.get('operation') ?? '';
  const endUs = naturalParam(params, 'endMicros') ?? Math.floor(nowUs);
  const startUs =
    naturalParam(params, 'startMicros') ?? Math.max(0, endUs - DEFAULT_TRACE_SEARCH_LOOKBACK_US);
  if (startUs > endUs) {
    throw refuse(
      'startMicros',
      `parameter 'startMicros' [${startUs}] must not be after 'endMicros' [${endUs}]`,
    );
  }
  const limit = naturalParam(params, 'limit') ?? DEFAULT_TRACE_SEARCH_LIMIT;
  if (limit === 0) throw refuse('limit', "parameter 'limit' must be positive");
  const minDurationUs = durationParam(params, 'minDuration');
  const maxDurationUs = durationParam(params, 'maxDuration');
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    throw refuse(
      'maxDuration',
      `parameter 'maxDuration' [${params.get('maxDuration') ?? ''}] must not be less than 'minDuration' [${params.get('minDuration') ?? ''}]`,
    );
  }
  return {
    service,
    ...(operation === '' ? {} : { operation }),
    tags: tagsParam(params),
    ...(minDurationUs === undefined ? {} : { minDurationUs }),
    ...(maxDurationUs === undefined ? {} : { maxDurationUs }),
    limit: Math.min(limit, MAX_TRACING_LIMIT),
    startUs,
    endUs,
  };
}
