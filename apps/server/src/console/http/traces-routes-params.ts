/**
 * Kiali's traces query parameters (its `ParseTracingQuery`) checked into a `TracingQuery`:
 * `startMicros` and `endMicros` (µs since the epoch; default the epoch and now), `limit`
 * (positive; default 100, lowered to 10000 as Kiali does), `tags` (a JSON object of strings),
 * `minDuration` (µs) and `clusterName`. Kiali's rules and messages, plus one check Kiali lacks: a
 * start after the end is refused rather than answered with nothing. Every refusal names its
 * parameter; an empty value counts as absent, as in Kiali.
 */
import type { TracingQueryParam } from '@meshlens/mesh-core/api/traces';
import { DEFAULT_TRACING_LIMIT, MAX_TRACING_LIMIT } from '@meshlens/mesh-core/api/traces';
import { ConsoleError } from '../errors.ts';
import type { TracingQuery } from '../services/traces-service.ts';

function refuse(param: TracingQueryParam, message: string): ConsoleError {
  return new ConsoleError('input', message, { param });
}

/** A non-negative integer parameter (µs or a count), undefined when absent or empty. */
function naturalParam(params: URLSearchParams, param: TracingQueryParam): number | undefined {
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

function tagsParam(params: URLSearchParams): Record<string, string> {
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
