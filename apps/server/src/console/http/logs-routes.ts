/**
 * `GET /api/namespaces/{namespace}/pods/{pod}/logs` (Kiali's pod logs) and
 * `GET /api/namespaces/{namespace}/workloads/{workload}/logs` (Meshlens: the workload's pods
 * merged), with Kiali's `container`, `sinceTime`, `duration`, `maxLines` and `logType`, and
 * Meshlens' `query` (text, or an RE2 regex with `regex=true`: linear time, so no pattern can hang
 * the server) and `severity`. Every invalid parameter is a 400 naming it.
 */
import type { LogSeverity } from '@meshlens/mesh-core/api/logs';
import { LOG_SEVERITIES, LOG_TYPES, SERVED_LOG_TYPES } from '@meshlens/mesh-core/api/logs';
import { compileRe2 } from '@meshlens/mesh-core/routing';
import { Router } from 'express';
import { ConsoleError } from '../errors.ts';
import type { LogsRequest, LogsService } from '../services/logs-service.ts';
import { searchParamsOf } from './params.ts';

export const POD_LOGS_PATH = '/api/namespaces/:namespace/pods/:pod/logs';
export const WORKLOAD_LOGS_PATH = '/api/namespaces/:namespace/workloads/:workload/logs';

/** Longest `query` accepted as a regex, as Istio bounds the regexes it accepts. */
export const MAX_QUERY_REGEX_LENGTH = 1024;

const GO_DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** A Go duration (`time.ParseDuration`: `300ms`, `1.5h`, `2h45m`) in milliseconds, if it is one. */
export function parseGoDuration(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, value, unit] of text.matchAll(GO_DURATION_PART)) {
    ms += Number(value) * (GO_DURATION_UNITS_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(ms) ? ms : undefined;
}

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

function bad(param: string, message: string): ConsoleError {
  return new ConsoleError('input', message, { param });
}

function matcherOf(params: URLSearchParams): LogsRequest['matches'] {
  const regex = params.get('regex');
  if (regex !== null && regex !== 'true' && regex !== 'false') {
    throw bad('regex', `Invalid regex [${regex}]: must be true or false`);
  }
  const query = params.get('query');
  if (query === null) return undefined;
  if (query === '') throw bad('query', 'Invalid query: it is empty');
  if (regex !== 'true') return (message) => message.includes(query);
  if (query.length > MAX_QUERY_REGEX_LENGTH) {
    throw bad('query', `Invalid query: a regex of at most ${MAX_QUERY_REGEX_LENGTH} characters is accepted`);
  }
  const compiled = compileRe2(query);
  if (!compiled.ok) throw bad('query', `Invalid query [${query}]: not an RE2 regex (${compiled.error})`);
  const re = compiled.re;
  return (message) => re.matcher(message).find();
}

function severitiesOf(params: URLSearchParams): ReadonlySet<LogSeverity> | undefined {
  const value = params.get('severity');
  if (value === null) return undefined;
  const out = new Set<LogSeverity>();
  for (const word of value.split(',').map((s) => s.trim().toUpperCase())) {
    if (!oneOf(LOG_SEVERITIES, word)) {
      throw bad('severity', `Invalid severity [${value}]: use ${LOG_SEVERITIES.join(', ')}`);
    }
    out.add(word);
  }
  return out;
}

/** The logs parameters, checked; absent ones stay absent (no silent defaults). */
export function logsRequestOf(params: URLSearchParams): LogsRequest {
  const request: { -readonly [K in keyof LogsRequest]: LogsRequest[K] } = {};
  const container = params.get('container');
  if (container !== null) {
    if (container === '') throw bad('container', 'Invalid container: it is empty');
    request.container = container;
  }
  const sinceTime = params.get('sinceTime');
  if (sinceTime !== null) {
    if (!/^\d{1,12}$/.test(sinceTime))
      throw bad('sinceTime', `Invalid sinceTime [${sinceTime}]: unix seconds expected`);
    request.sinceTimeSec = Number(sinceTime);
  }
  const duration = params.get('duration');
  if (duration !== null) {
    const ms = parseGoDuration(duration);
    if (ms === undefined || ms <= 0) {
      throw bad(
        'duration',
        `Invalid duration [${duration}]: a positive Go duration such as 30s or 1h expected`,
      );
    }
    request.durationMs = ms;
  }
  const maxLines = params.get('maxLines');
  if (maxLines !== null) {
    if (!/^[1-9]\d{0,8}$/.test(maxLines)) {
      throw bad('maxLines', `Invalid maxLines [${maxLines}]: a positive integer expected`);
    }
    request.maxLines = Number(maxLines);
  }
  const logType = params.get('logType');
  if (logType !== null && logType !== '' && !oneOf(SERVED_LOG_TYPES, logType)) {
    const why = oneOf(LOG_TYPES, logType)
      ? 'Meshlens runs no ambient mode'
      : `use ${SERVED_LOG_TYPES.join(' or ')}`;
    throw bad('logType', `Invalid logType [${logType}]: ${why}`);
  }
  const matches = matcherOf(params);
  if (matches) request.matches = matches;
  const severities = severitiesOf(params);
  if (severities) request.severities = severities;
  return request;
}

export interface LogsRoutesDeps {
  readonly logs: LogsService;
}

export function createLogsRouter(deps: LogsRoutesDeps): Router {
  const router = Router();
  router.get(POD_LOGS_PATH, async (req, res) => {
    const request = logsRequestOf(searchParamsOf(req.originalUrl));
    res.json(await deps.logs.podLogs(req.params.namespace, req.params.pod, request));
  });
  router.get(WORKLOAD_LOGS_PATH, async (req, res) => {
    const request = logsRequestOf(searchParamsOf(req.originalUrl));
    res.json(await deps.logs.workloadLogs(req.params.namespace, req.params.workload, request));
  });
  return router;
}
