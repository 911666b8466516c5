/**
 * Query parameters of the inventory endpoints read as Kiali reads them: `health`,
 * `istioResources` and `validate` as Go booleans (`strconv.ParseBool`), absent meaning Kiali's
 * default; `namespaces` as a comma-separated list; `rateInterval` and `queryTime` as the cluster
 * health endpoint reads them (`healthRequestOf`). An invalid value is a 400 naming its parameter,
 * where Kiali would silently use its default.
 */
import { ConsoleError } from '../errors.ts';
import type { DetailRequest, HealthWindow, ListRequest } from '../services/object-health-service.ts';
import { healthRequestOf } from './params.ts';
import { parseGoBool } from '@meshlens/mesh-core/graph';

/** Go's `strconv.ParseBool`; `fallback` when the parameter is absent or empty. */
export function boolParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = params.get(name) ?? '';
  if (value === '') return fallback;
  const parsed = parseGoBool(value);
  if (parsed !== undefined) return parsed;
  throw new ConsoleError('input', `Invalid ${name} [${value}]: must be true or false`, { param: name });
}

export function namespacesParam(params: URLSearchParams): string[] {
  return (params.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `rateInterval` and `queryTime`, checked as `GET /api/clusters/health` checks them. */
export function healthWindowOf(params: URLSearchParams, nowSec: number): HealthWindow {
  const window = new URLSearchParams();
  for (const name of ['rateInterval', 'queryTime']) {
    const value = params.get(name);
    if (value !== null) window.set(name, value);
  }
  const { rateIntervalSec, queryTimeSec } = healthRequestOf(window, nowSec);
  return { rateIntervalSec, queryTimeSec };
}

export function listRequestOf(params: URLSearchParams, nowSec: number, namespace?: string): ListRequest {
  return {
    ...(namespace === undefined ? {} : { namespace }),
    namespaces: namespace === undefined ? namespacesParam(params) : [],
    health: boolParam(params, 'health', true),
    istioResources: boolParam(params, 'istioResources', true),
    ...healthWindowOf(params, nowSec),
  };
}

export function detailRequestOf(
  params: URLSearchParams,
  nowSec: number,
  object: { readonly namespace: string; readonly name: string },
): DetailRequest {
  return {
    ...object,
    health: boolParam(params, 'health', true),
    validate: boolParam(params, 'validate', false),
    ...healthWindowOf(params, nowSec),
  };
}
