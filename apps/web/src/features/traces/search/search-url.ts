/**
 * The trace search in the URL, with Jaeger UI's parameter names (`service`, `operation`, `tags`,
 * `minDuration`, `maxDuration`, `limit`, `lookback`, `start`, `end`), so that a link reproduces the
 * search: `tags` is the logfmt text as typed, `lookback` one of Jaeger UI's windows or `custom`
 * (then `start` and `end`, µs since the epoch), plus the results' `sort`. The URL holds the last
 * submitted search; the form edits a draft until "Find Traces".
 */
import { DEFAULT_TRACE_SEARCH_LIMIT } from '@meshlens/mesh-core/api/traces';
import { parseLogfmt } from './logfmt.ts';

export const LOOKBACKS = [
  { value: '5m', label: 'Last 5 minutes', us: 300_000_000 },
  { value: '15m', label: 'Last 15 minutes', us: 900_000_000 },
  { value: '1h', label: 'Last hour', us: 3_600_000_000 },
  { value: '2h', label: 'Last 2 hours', us: 7_200_000_000 },
  { value: '6h', label: 'Last 6 hours', us: 21_600_000_000 },
  { value: '12h', label: 'Last 12 hours', us: 43_200_000_000 },
  { value: '1d', label: 'Last 24 hours', us: 86_400_000_000 },
  { value: '2d', label: 'Last 2 days', us: 172_800_000_000 },
  { value: 'custom', label: 'Custom time range', us: 0 },
] as const;
export type Lookback = (typeof LOOKBACKS)[number]['value'];

export const TRACE_SORTS = [
  { value: 'MOST_RECENT', label: 'Most recent' },
  { value: 'LONGEST_FIRST', label: 'Longest first' },
  { value: 'SHORTEST_FIRST', label: 'Shortest first' },
  { value: 'MOST_SPANS', label: 'Most spans' },
  { value: 'LEAST_SPANS', label: 'Least spans' },
] as const;
export type TraceSort = (typeof TRACE_SORTS)[number]['value'];

export interface TraceSearchState {
  readonly service: string;
  /** '' is every operation. */
  readonly operation: string;
  /** logfmt, as typed. */
  readonly tags: string;
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly limit: number;
  readonly lookback: Lookback;
  /** µs since the epoch, for the custom range. */
  readonly startUs?: number;
  readonly endUs?: number;
  readonly sort: TraceSort;
}

export const DEFAULT_SEARCH: TraceSearchState = {
  service: '',
  operation: '',
  tags: '',
  minDuration: '',
  maxDuration: '',
  limit: DEFAULT_TRACE_SEARCH_LIMIT,
  lookback: '1h',
  sort: 'MOST_RECENT',
};

function oneOf<T extends string>(values: readonly { value: T }[], text: string | null): T | undefined {
  return values.find((v) => v.value === text)?.value;
}

function micros(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}

export function readSearchState(params: URLSearchParams): TraceSearchState {
  const limit = Number(params.get('limit') ?? '');
  const startUs = micros(params.get('start'));
  const endUs = micros(params.get('end'));
  return {
    service: params.get('service') ?? '',
    operation: params.get('operation') ?? '',
    tags: params.get('tags') ?? '',
    minDuration: params.get('minDuration') ?? '',
    maxDuration: params.get('maxDuration') ?? '',
    limit: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_SEARCH.limit,
    lookback: oneOf(LOOKBACKS, params.get('lookback')) ?? DEFAULT_SEARCH.lookback,
    ...(startUs === undefined ? {} : { startUs }),
    ...(endUs === undefined ? {} : { endUs }),
    sort: oneOf(TRACE_SORTS, params.get('sort')) ?? DEFAULT_SEARCH.sort,
  };
}

/** The state as URL parameters; defaults and empty values are left out. */
export function writeSearchState(state: TraceSearchState): URLSearchParams {
  const out = new URLSearchParams();
  const set = (key: string, value: string, fallback = '') => {
    if (value !== fallback) out.set(key, value);
  };
  set('service', state.service);
  set('operation', state.operation);
  set('tags', state.tags);
  set('minDuration', state.minDuration);
  set('maxDuration', state.maxDuration);
  set('limit', String(state.limit), String(DEFAULT_SEARCH.limit));
  out.set('lookback', state.lookback);
  if (state.lookback === 'custom') {
    if (state.startUs !== undefined) out.set('start', String(state.startUs));
    if (state.endUs !== undefined) out.set('end', String(state.endUs));
  }
  set('sort', state.sort, DEFAULT_SEARCH.sort);
  return out;
}

/** The query of `/api/tracing/traces` for a search, or the form field it cannot be made from. */
export type SearchRequest =
  | { readonly query: Readonly<Record<string, string | number | undefined>> }
  | { readonly field: string; readonly error: string };

export function searchRequest(state: TraceSearchState, nowUs: number): SearchRequest {
  if (state.service === '') return { field: 'Service', error: 'Pick a service.' };
  const tags = parseLogfmt(state.tags);
  if ('error' in tags) return { field: 'Tags', error: tags.error };
  let startUs: number;
  let endUs: number;
  if (state.lookback === 'custom') {
    if (state.startUs === undefined || state.endUs === undefined) {
      return { field: 'Start', error: 'A custom time range needs a start and an end.' };
    }
    if (state.startUs > state.endUs) return { field: 'Start', error: 'The start is after the end.' };
    ({ startUs, endUs } = { startUs: state.startUs, endUs: state.endUs });
  } else {
    const window = LOOKBACKS.find((l) => l.value === state.lookback)?.us ?? 3_600_000_000;
    endUs = Math.floor(nowUs);
    startUs = endUs - window;
  }
  return {
    query: {
      service: state.service,
      operation: state.operation || undefined,
      tags: Object.keys(tags.tags).length === 0 ? undefined : JSON.stringify(tags.tags),
      minDuration: state.minDuration.trim() || undefined,
      maxDuration: state.maxDuration.trim() || undefined,
      limit: state.limit,
      startMicros: startUs,
      endMicros: endUs,
    },
  };
}

/** The server's parameter names as the form labels them, for error messages. */
export const PARAM_LABELS: Readonly<Record<string, string>> = {
  service: 'Service',
  operation: 'Operation',
  tags: 'Tags',
  minDuration: 'Min duration',
  maxDuration: 'Max duration',
  limit: 'Limit',
  startMicros: 'Start',
  endMicros: 'End',
};
