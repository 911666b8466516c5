/**
 * Query parameters of the console API read as Kiali reads them (Go's `URL.Query().Get`: the
 * first value of a repeated parameter), and Kiali's graph parameters and health parameters
 * checked into service requests. Invalid input becomes a `ConsoleError` naming the parameter;
 * nothing invalid is silently replaced by a default.
 */
import type { GraphOptions, GraphParam } from '@meshlens/mesh-core/graph';
import { GRAPH_PARAMS, parseGraphParams, parsePromDuration } from '@meshlens/mesh-core/graph';
import type { HealthKind } from '@meshlens/mesh-core/health';
import { HEALTH_KINDS } from '@meshlens/mesh-core/health';
import { ConsoleError } from '../errors.ts';
import type { HealthRequest } from '../services/health-service.ts';

/** The query string of a request URL (path-relative or absolute). */
export function searchParamsOf(url: string): URLSearchParams {
  return new URL(url, 'http://console').searchParams;
}

/** The parameters named, with their first value, leaving out those absent. */
function firstValues<P extends string>(
  params: URLSearchParams,
  names: readonly P[],
): Partial<Record<P, string>> {
  const out: Partial<Record<P, string>> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

export function graphOptionsOf(params: URLSearchParams, nowSec: number): GraphOptions {
  const parsed = parseGraphParams(firstValues<GraphParam>(params, GRAPH_PARAMS), nowSec);
  if (parsed.ok) return parsed.options;
  // Kiali stops at the first bad parameter; every one is reported here, the first one named.
  const message = parsed.problems.map((p) => p.message).join('; ');
  const param = parsed.problems[0]?.param;
  throw new ConsoleError('input', message, param === undefined ? {} : { param });
}

/**
 * A node graph's options: the namespace is the node's. Kiali refuses a `namespaces` parameter
 * on node graphs; one that names only the node's namespace is accepted as harmless.
 */
export function graphNodeOptionsOf(params: URLSearchParams, nowSec: number, namespace: string): GraphOptions {
  const given = params.get('namespaces');
  if (given !== null && given.trim() !== '' && given.trim() !== namespace) {
    throw new ConsoleError(
      'input',
      "Node graph does not support the 'namespaces' query parameter or the 'all' namespace",
      { param: 'namespaces' },
    );
  }
  const withNamespace = new URLSearchParams(params);
  withNamespace.set('namespaces', namespace);
  return graphOptionsOf(withNamespace, nowSec);
}

/** Kiali's default `rateInterval` for health. */
export const DEFAULT_HEALTH_RATE_INTERVAL = '10m';

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

export function healthRequestOf(params: URLSearchParams, nowSec: number): HealthRequest {
  const namespaces = (params.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

  let kind: HealthKind = 'app';
  const type = params.get('type') ?? '';
  if (type !== '') {
    if (!oneOf(HEALTH_KINDS, type)) {
      throw new ConsoleError(
        'input',
        "Bad request, query parameter 'type' must be one of ['app','service','workload']",
        { param: 'type' },
      );
    }
    kind = type;
  }

  const interval = params.get('rateInterval') || DEFAULT_HEALTH_RATE_INTERVAL;
  const rateIntervalSec = parsePromDuration(interval);
  if (rateIntervalSec === undefined || rateIntervalSec < 1 || !Number.isInteger(rateIntervalSec)) {
    throw new ConsoleError('input', `Invalid rateInterval [${interval}]`, { param: 'rateInterval' });
  }

  let queryTimeSec = Math.floor(nowSec);
  const queryTime = params.get('queryTime') ?? '';
  if (queryTime !== '') {
    if (!/^-?\d+$/.test(queryTime)) {
      throw new ConsoleError('input', `Invalid queryTime [${queryTime}]`, { param: 'queryTime' });
    }
    queryTimeSec = Number(queryTime);
  }
  return { namespaces, kind, rateIntervalSec, queryTimeSec };
}
