/**
 * Kiali's metrics query parameters (kiali handlers/metrics.go `extractIstioMetricsQueryParams`,
 * models `IstioMetricsQuery.FillDefaults`, prometheus `RangeQuery.FillDefaults`) read into a
 * typed query, with Kiali's defaults: all metrics, outbound, reporter `source`, `rateInterval`
 * 1m, `rateFunc` rate, the 30 minutes before `queryTime` (now) at a 15 s step, `avg` true, no
 * quantiles, no grouping. Repeated parameters are Kiali's `filters[]`, `quantiles[]` and
 * `byLabels[]`; the others take their first value, as Go's `URL.Query().Get` does.
 *
 * Every invalid value is a problem naming its parameter (Kiali's message where it has one), never
 * silently replaced by a default. Beyond Kiali, unknown metric names, label names that are not
 * Prometheus label names, non-positive steps and durations, and ranges of more points than
 * Prometheus answers are refused, and a service's metrics are inbound only (Kiali would query
 * the whole mesh for an outbound service).
 */
import { parseGoBool } from '../graph/options.ts';
import { parsePromDuration } from '../graph/promql.ts';
import type { MetricName } from './definitions.ts';
import { METRIC_NAMES } from './definitions.ts';

export const METRICS_TARGET_KINDS = ['namespace', 'app', 'workload', 'service'] as const;
export type MetricsTargetKind = (typeof METRICS_TARGET_KINDS)[number];

/** Whose metrics: a namespace's, or one app's, workload's or service's in it. */
export type MetricsTarget =
  | { readonly kind: 'namespace'; readonly namespace: string }
  | { readonly kind: 'app' | 'workload' | 'service'; readonly namespace: string; readonly name: string };

export const METRICS_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MetricsDirection = (typeof METRICS_DIRECTIONS)[number];
export const METRICS_REPORTERS = ['source', 'destination', 'both'] as const;
export type MetricsReporter = (typeof METRICS_REPORTERS)[number];
export const RATE_FUNCS = ['rate', 'irate'] as const;
export type RateFunc = (typeof RATE_FUNCS)[number];

export const METRICS_PARAMS = [
  'filters[]',
  'direction',
  'reporter',
  'includeAmbient',
  'requestProtocol',
  'clusterName',
  'rateInterval',
  'rateFunc',
  'queryTime',
  'duration',
  'step',
  'quantiles[]',
  'avg',
  'byLabels[]',
] as const;
export type MetricsParam = (typeof METRICS_PARAMS)[number];

export const DEFAULT_METRICS_QUERY = {
  direction: 'outbound',
  reporter: 'source',
  rateIntervalSec: 60,
  rateFunc: 'rate',
  durationSec: 1800,
  stepSec: 15,
  avg: true,
} as const;

/** Prometheus answers range queries of at most this many points per series. */
export const MAX_RANGE_POINTS = 11_000;

export interface MetricsQuery {
  /** The metrics asked for (`filters[]`), in Kiali's (alphabetical) order; all when none were named. */
  readonly metrics: readonly MetricName[];
  readonly direction: MetricsDirection;
  readonly reporter: MetricsReporter;
  /** Counts ambient waypoints' reports with the reporter's (`reporter=~"source|waypoint"`). */
  readonly includeAmbient: boolean;
  /** `request_protocol` to select (`http`, `grpc`, `tcp`); any when absent. */
  readonly requestProtocol?: string;
  /** Selects the object's side's `<side>_cluster`; any cluster when absent. */
  readonly cluster?: string;
  readonly rateIntervalSec: number;
  readonly rateFunc: RateFunc;
  /** The range's end, unix seconds. */
  readonly queryTimeSec: number;
  readonly durationSec: number;
  readonly stepSec: number;
  /** As written (`0.95`): each is the `stat` of its series. */
  readonly quantiles: readonly string[];
  readonly avg: boolean;
  readonly byLabels: readonly string[];
}

export interface MetricsParamProblem {
  readonly param: MetricsParam;
  readonly message: string;
}

export type MetricsParamsResult =
  | { readonly ok: true; readonly query: MetricsQuery }
  | { readonly ok: false; readonly problems: readonly MetricsParamProblem[] };

/** What is read of a query string (`URLSearchParams` has it). */
export interface QueryParams {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

export function parseMetricsParams(
  params: QueryParams,
  options: { readonly target: MetricsTarget; readonly nowSec: number },
): MetricsParamsResult {
  const problems: MetricsParamProblem[] = [];
  const bad = (param: MetricsParam, message: string): void => {
    problems.push({ param, message });
  };
  // Go's Get: the first value; an empty value is the same as none.
  const get = (p: MetricsParam): string => params.get(p) ?? '';

  const filters = params.getAll('filters[]');
  const unknown = filters.filter((f) => !oneOf(METRIC_NAMES, f));
  if (unknown.length > 0) {
    bad(
      'filters[]',
      `bad request, unknown metric(s) [${unknown.join(',')}] in 'filters[]'; known: ${METRIC_NAMES.join(', ')}`,
    );
  }
  const metrics = filters.length === 0 ? METRIC_NAMES : METRIC_NAMES.filter((m) => filters.includes(m));

  let direction: MetricsDirection = DEFAULT_METRICS_QUERY.direction;
  const dir = get('direction');
  if (dir !== '') {
    if (oneOf(METRICS_DIRECTIONS, dir)) direction = dir;
    else bad('direction', "bad request, query parameter 'direction' must be either 'inbound' or 'outbound'");
  }
  if (options.target.kind === 'service' && direction === 'outbound') {
    bad('direction', "bad request, only 'inbound' direction is allowed for kind 'service'");
  }

  let includeAmbient = false;
  const ambient = get('includeAmbient');
  if (ambient !== '') {
    const parsed = parseGoBool(ambient);
    if (parsed === undefined) {
      bad('includeAmbient', "bad request, query parameter 'includeAmbient' must be either 'true' or 'false'");
    }
    includeAmbient = parsed ?? false;
  }

  let reporter: MetricsReporter = DEFAULT_METRICS_QUERY.reporter;
  const rep = get('reporter');
  if (rep !== '') {
    if (oneOf(METRICS_REPORTERS, rep)) reporter = rep;
    else
      bad(
        'reporter',
        "bad request, query parameter 'reporter' must be one of 'both, 'destination', or 'source'",
      );
  }

  let rateIntervalSec: number = DEFAULT_METRICS_QUERY.rateIntervalSec;
  const ri = get('rateInterval');
  if (ri !== '') {
    const parsed = parsePromDuration(ri);
    // Ranges are rendered in whole seconds; sub-second windows hold no two scrapes anyway.
    if (parsed === undefined || parsed < 1 || !Number.isInteger(parsed)) {
      bad('rateInterval', `bad request, invalid rateInterval [${ri}]: a duration of whole seconds (1m, 90s)`);
    } else rateIntervalSec = parsed;
  }

  let rateFunc: RateFunc = DEFAULT_METRICS_QUERY.rateFunc;
  const rf = get('rateFunc');
  if (rf !== '') {
    if (oneOf(RATE_FUNCS, rf)) rateFunc = rf;
    else bad('rateFunc', "bad request, query parameter 'rateFunc' must be either 'rate' or 'irate'");
  }

  const integer = (param: 'queryTime' | 'duration' | 'step', fallback: number, positive: boolean): number => {
    const v = get(param);
    if (v === '') return fallback;
    if (!INTEGER.test(v) || (positive && Number(v) < 1)) {
      const what = positive ? 'a positive number of seconds' : 'unix seconds';
      bad(param, `bad request, cannot parse query parameter '${param}' [${v}]: ${what} expected`);
      return fallback;
    }
    return Number(v);
  };
  const queryTimeSec = integer('queryTime', Math.floor(options.nowSec), false);
  const durationSec = integer('duration', DEFAULT_METRICS_QUERY.durationSec, true);
  const stepSec = integer('step', DEFAULT_METRICS_QUERY.stepSec, true);
  const points = Math.floor(durationSec / stepSec) + 1;
  if (points > MAX_RANGE_POINTS) {
    bad(
      'step',
      `bad request, a duration of ${durationSec} s at a step of ${stepSec} s has ${points} points; ` +
        `Prometheus allows ${MAX_RANGE_POINTS}: use a larger step`,
    );
  }

  const quantiles: string[] = [];
  for (const q of params.getAll('quantiles[]')) {
    if (!DECIMAL.test(q)) {
      bad('quantiles[]', `bad request, cannot parse query parameter 'quantiles', float expected [${q}]`);
    } else if (Number(q) < 0 || Number(q) > 1) {
      bad('quantiles[]', `bad request, invalid quantile(s): should be between 0 and 1 [${q}]`);
    } else if (!quantiles.includes(q)) quantiles.push(q);
  }

  let avg: boolean = DEFAULT_METRICS_QUERY.avg;
  const a = get('avg');
  if (a !== '') {
    const parsed = parseGoBool(a);
    if (parsed === undefined) bad('avg', `bad request, cannot parse query parameter 'avg' [${a}]`);
    avg = parsed ?? avg;
  }

  const byLabels = params.getAll('byLabels[]');
  const badLabels = byLabels.filter((l) => !LABEL_NAME.test(l));
  if (badLabels.length > 0) {
    bad(
      'byLabels[]',
      `bad request, 'byLabels[]' has values that are not label names: [${badLabels.join(',')}]`,
    );
  }

  if (problems.length > 0) return { ok: false, problems };
  const protocol = get('requestProtocol');
  const cluster = get('clusterName');
  return {
    ok: true,
    query: {
      metrics,
      direction,
      reporter,
      includeAmbient,
      ...(protocol === '' ? {} : { requestProtocol: protocol }),
      ...(cluster === '' ? {} : { cluster }),
      rateIntervalSec,
      rateFunc,
      queryTimeSec,
      durationSec,
      stepSec,
      quantiles,
      avg,
      byLabels: [...new Set(byLabels)],
    },
  };
}
