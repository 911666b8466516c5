/**
 * Kiali's graph query parameters (kiali graph/options.go, appender/appender.go) read into
 * `GraphOptions`, with Kiali's defaults and Kiali's messages for invalid values. Invalid input is
 * returned as problems naming the parameter, never thrown.
 */
import type {
  AppenderName,
  BoxBy,
  GraphOptions,
  GraphType,
  GrpcRate,
  HttpRate,
  ResponseTime,
  TcpRate,
  ThroughputType,
} from './model.ts';
import {
  APPENDER_NAMES,
  BOX_BY,
  DEFAULT_GRAPH_OPTIONS,
  GRAPH_TYPES,
  GRPC_RATES,
  HTTP_RATES,
  RESPONSE_TIMES,
  TCP_RATES,
  THROUGHPUT_TYPES,
} from './model.ts';
import { parsePromDuration } from './promql.ts';

export const GRAPH_PARAMS = [
  'namespaces',
  'graphType',
  'duration',
  'queryTime',
  'boxBy',
  'includeIdleEdges',
  'injectServiceNodes',
  'rateGrpc',
  'rateHttp',
  'rateTcp',
  'responseTime',
  'throughputType',
  'appenders',
] as const;
export type GraphParam = (typeof GRAPH_PARAMS)[number];

export interface GraphParamProblem {
  readonly param: GraphParam;
  readonly message: string;
}

export type GraphParamsResult =
  | { readonly ok: true; readonly options: GraphOptions }
  | { readonly ok: false; readonly problems: readonly GraphParamProblem[] };

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

/** Go's `strconv.ParseBool`: Kiali reads every boolean parameter and annotation with it. */
export function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** Reads Kiali's graph parameters; `nowSec` is the default `queryTime`. */
export function parseGraphParams(
  params: Readonly<Partial<Record<GraphParam, string>>>,
  nowSec: number,
): GraphParamsResult {
  const problems: GraphParamProblem[] = [];
  const bad = (param: GraphParam, message: string): void => {
    problems.push({ param, message });
  };
  const get = (p: GraphParam): string => params[p] ?? '';

  const namespaces = get('namespaces')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (namespaces.length === 0) {
    bad('namespaces', 'At least one namespace must be specified via the namespaces query parameter.');
  }

  let graphType: GraphType = DEFAULT_GRAPH_OPTIONS.graphType;
  const gt = get('graphType');
  if (gt !== '') {
    if (oneOf(GRAPH_TYPES, gt)) graphType = gt;
    else bad('graphType', `Invalid graphType [${gt}]`);
  }

  let durationSec: number = DEFAULT_GRAPH_OPTIONS.durationSec;
  const d = get('duration');
  if (d !== '') {
    const parsed = parsePromDuration(d);
    if (parsed === undefined || parsed < 1) bad('duration', `Invalid duration [${d}]`);
    else durationSec = Math.floor(parsed);
  }

  let queryTimeSec = Math.floor(nowSec);
  const qt = get('queryTime');
  if (qt !== '') {
    if (/^-?\d+$/.test(qt)) queryTimeSec = Number(qt);
    else bad('queryTime', `Invalid queryTime [${qt}]`);
  }

  const boxBy: BoxBy[] = [];
  const bb = get('boxBy');
  if (bb !== '' && bb !== 'none') {
    for (const raw of bb.split(',')) {
      const v = raw.trim();
      if (oneOf(BOX_BY, v)) boxBy.push(v);
      else bad('boxBy', `Invalid boxBy [${bb}]`);
    }
  }

  const flag = (param: 'includeIdleEdges' | 'injectServiceNodes', fallback: boolean): boolean => {
    const v = get(param);
    if (v === '') return fallback;
    const parsed = parseGoBool(v);
    if (parsed === undefined) bad(param, `Invalid ${param} [${v}]`);
    return parsed ?? fallback;
  };
  const includeIdleEdges = flag('includeIdleEdges', DEFAULT_GRAPH_OPTIONS.includeIdleEdges);
  // Service graphs are built with service nodes injected, whatever was asked.
  const injectServiceNodes =
    graphType === 'service' || flag('injectServiceNodes', DEFAULT_GRAPH_OPTIONS.injectServiceNodes);

  const rate = <T extends string>(param: GraphParam, values: readonly T[], fallback: T, label: string): T => {
    const v = get(param);
    if (v === '') return fallback;
    if (oneOf(values, v)) return v;
    bad(param, `Invalid ${label} Rate [${v}]`);
    return fallback;
  };
  const rates = {
    grpc: rate<GrpcRate>('rateGrpc', GRPC_RATES, DEFAULT_GRAPH_OPTIONS.rates.grpc, 'gRPC'),
    http: rate<HttpRate>('rateHttp', HTTP_RATES, DEFAULT_GRAPH_OPTIONS.rates.http, 'HTTP'),
    tcp: rate<TcpRate>('rateTcp', TCP_RATES, DEFAULT_GRAPH_OPTIONS.rates.tcp, 'TCP'),
  };

  let responseTime: ResponseTime = DEFAULT_GRAPH_OPTIONS.responseTime;
  const rt = get('responseTime');
  if (rt !== '') {
    if (oneOf(RESPONSE_TIMES, rt)) responseTime = rt;
    else bad('responseTime', `Invalid responseTime, must be one of: avg | 50 | 95 | 99: [${rt}]`);
  }

  let throughputType: ThroughputType = DEFAULT_GRAPH_OPTIONS.throughputType;
  const tt = get('throughputType');
  if (tt !== '') {
    if (oneOf(THROUGHPUT_TYPES, tt)) throughputType = tt;
    else bad('throughputType', `Invalid throughputType, expecting one of (request, response). [${tt}]`);
  }

  let appenders: GraphOptions['appenders'] = DEFAULT_GRAPH_OPTIONS.appenders;
  const ap = params.appenders;
  if (ap !== undefined) {
    const names: AppenderName[] = [];
    for (const raw of ap.split(',')) {
      const v = raw.trim();
      if (v === '') continue;
      if (oneOf(APPENDER_NAMES, v)) names.push(v);
      else bad('appenders', `Invalid appender [${v}]`);
    }
    appenders = names;
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    options: {
      namespaces,
      graphType,
      durationSec,
      queryTimeSec,
      boxBy,
      includeIdleEdges,
      injectServiceNodes,
      rates,
      responseTime,
      throughputType,
      appenders,
    },
  };
}
