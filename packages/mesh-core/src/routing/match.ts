/**
 * Request routing over a compiled snapshot, pure and synchronous.
 *
 * `compileRoutes` runs once per snapshot: every string condition becomes a predicate (RE2
 * regexes compiled then), every weighted destination list a cumulative weight table, every
 * virtual host's domains an exact map plus suffix wildcards (longest first) plus `*`, and every
 * destination is bound to its cluster (or marked missing). `routeRequest` then resolves the
 * authority (`host[:port]`, then `host` alone) to a virtual host as Envoy does (exact, longest
 * wildcard suffix, `*`), takes the first route with a matching block (blocks OR'ed, conditions
 * within a block AND'ed; no blocks matches all), and picks a destination by weight with the
 * caller's random source. Failures are values: a local reply from telemetry's one table (`localReply`).
 */
import type { Cluster, ProxySnapshot, RoutePolicy, RouteTable } from './snapshot.ts';
import type { LocalReply } from '../telemetry/local-replies.ts';
import { localReply as buildLocalReply } from '../telemetry/local-replies.ts';
import type { CompiledRoute, Condition, RequestView, RouteRequest } from './match-conditions.ts';
import { compileRoute, pathOf } from './match-conditions.ts';
import { applyRedirect, applyRewrite } from './rewrite.ts';

export type { RouteRequest } from './match-conditions.ts';

/** The local replies routing itself can end in, built once from telemetry's one table. */
export type RoutingReplyReason =
  'no_route' | 'cluster_not_found' | 'no_healthy_upstream' | 'registry_only_blackhole';

const routingReplies: Readonly<Record<RoutingReplyReason, LocalReply>> = Object.freeze({
  no_route: buildLocalReply({ reason: 'no_route' }),
  cluster_not_found: buildLocalReply({ reason: 'cluster_not_found' }),
  no_healthy_upstream: buildLocalReply({ reason: 'no_healthy_upstream' }),
  registry_only_blackhole: buildLocalReply({ reason: 'registry_only_blackhole' }),
});

interface CompiledVirtualHost {
  readonly name: string;
  readonly routes: readonly CompiledRoute[];
}

export interface CompiledRouteTable {
  readonly name: string;
  /** The snapshot's clusters, looked up by name when a request is routed. */
  readonly clusters: ReadonlyMap<string, Cluster>;
  readonly exact: ReadonlyMap<string, CompiledVirtualHost>;
  readonly suffixes: readonly (readonly [string, CompiledVirtualHost])[];
  readonly any?: CompiledVirtualHost;
  readonly needsQuery: boolean;
}

export interface CompiledRoutes {
  readonly snapshot: ProxySnapshot;
  readonly tables: ReadonlyMap<string, CompiledRouteTable>;
  readonly clusters: ReadonlyMap<string, Cluster>;
  /** The route table a listener uses for requests to `port`. */
  tableFor(listener: string, port: number): CompiledRouteTable | undefined;
}

export type HeaderOps = NonNullable<CompiledRoute['headers']>;

export type RouteResult =
  | {
      readonly kind: 'forward';
      readonly route: string;
      readonly virtualHost: string;
      readonly cluster: Cluster;
      readonly host: string;
      readonly subset: string | undefined;
      readonly path: string;
      readonly authority: string;
      /** Route-level, then destination-level header operations (either may be absent). */
      readonly routeHeaders: HeaderOps | undefined;
      readonly destinationHeaders: HeaderOps | undefined;
      /** Timeout, retries, fault, mirrors, CORS and rate limit of the route. */
      readonly policy: RoutePolicy | undefined;
    }
  | {
      readonly kind: 'redirect';
      readonly route: string;
      readonly status: number;
      readonly location: string;
      readonly routeHeaders: HeaderOps | undefined;
      readonly policy: RoutePolicy | undefined;
    }
  | {
      readonly kind: 'directResponse';
      readonly route: string;
      readonly status: number;
      readonly body: string;
      readonly bodyEncoding: 'utf8' | 'base64';
      readonly routeHeaders: HeaderOps | undefined;
      readonly policy: RoutePolicy | undefined;
    }
  | {
      readonly kind: 'localReply';
      readonly reason: RoutingReplyReason;
      readonly reply: LocalReply;
      /** The cluster named in metrics (e.g. BlackHoleCluster, or the missing cluster). */
      readonly cluster: string | undefined;
    };

/**
 * Compiled matchers by route table. A table a new snapshot carries over unchanged (the same frozen
 * object) is not compiled again: destinations name their cluster, bound per snapshot.
 */
const compiledTables = new WeakMap<RouteTable, Omit<CompiledRouteTable, 'clusters'>>();

function compileTable(table: RouteTable, clusters: ReadonlyMap<string, Cluster>): CompiledRouteTable {
  let body = compiledTables.get(table);
  if (body === undefined) {
    body = compileTableBody(table);
    compiledTables.set(table, body);
  }
  return { ...body, clusters };
}

function compileTableBody(table: RouteTable): Omit<CompiledRouteTable, 'clusters'> {
  const exact = new Map<string, CompiledVirtualHost>();
  const suffixes: Array<[string, CompiledVirtualHost]> = [];
  let any: CompiledVirtualHost | undefined;
  let needsQuery = false;
  for (const vh of table.virtualHosts) {
    const compiled = { name: vh.name, routes: vh.routes.map((r) => compileRoute(r)) };
    needsQuery ||= compiled.routes.some((r) => r.needsQuery);
    for (const domain of vh.domains) {
      const d = domain.toLowerCase();
      if (d === '*') any ??= compiled;
      else if (d.startsWith('*')) suffixes.push([d.slice(1), compiled]);
      else if (!exact.has(d)) exact.set(d, compiled);
    }
  }
  suffixes.sort((a, b) => b[0].length - a[0].length);
  return { name: table.name, exact, suffixes, ...(any ? { any } : {}), needsQuery };
}

/** Builds every matcher of a snapshot, once; the result is shared by all requests on it. */
export function compileRoutes(snapshot: ProxySnapshot): CompiledRoutes {
  const clusters = new Map(snapshot.clusters.map((c) => [c.name, c]));
  const tables = new Map(snapshot.routeTables.map((t) => [t.name, compileTable(t, clusters)]));
  const listeners = new Map(snapshot.listeners.map((l) => [l.name, l]));
  return Object.freeze({
    snapshot,
    tables,
    clusters,
    tableFor(listener: string, port: number): CompiledRouteTable | undefined {
      const l = listeners.get(listener);
      if (!l) return undefined;
      const name = l.routeTables[String(port)] ?? l.fallbackRouteTable;
      return name === undefined ? undefined : tables.get(name);
    },
  });
}

function lookupHost(table: CompiledRouteTable, host: string): CompiledVirtualHost | undefined {
  const hit = table.exact.get(host);
  if (hit) return hit;
  for (const [suffix, vh] of table.suffixes)
    if (host.length > suffix.length && host.endsWith(suffix)) return vh;
  return undefined;
}

function findVirtualHost(table: CompiledRouteTable, authority: string): CompiledVirtualHost | undefined {
  const host = authority.toLowerCase();
  const found = lookupHost(table, host);
  if (found) return found;
  const colon = host.lastIndexOf(':');
  if (colon > 0 && !host.endsWith(']')) {
    const bare = lookupHost(table, host.slice(0, colon));
    if (bare) return bare;
  }
  return table.any;
}

function localReply(reason: RoutingReplyReason, cluster: string | undefined): RouteResult {
  return { kind: 'localReply', reason, reply: routingReplies[reason], cluster };
}

function pickDestination<T>(
  destinations: readonly T[],
  cumulative: readonly number[],
  random: () => number,
): T | undefined {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total <= 0) return destinations[0];
  const r = random() * total;
  for (let i = 0; i < cumulative.length; i++) if (r < (cumulative[i] ?? 0)) return destinations[i];
  return destinations[destinations.length - 1];
}

/**
 * Routes one request on one route table. `random` returns a number in [0, 1) (Math.random by
 * default); pass a seeded one for deterministic tests.
 */
export function routeRequest(
  table: CompiledRouteTable,
  request: RouteRequest,
  random: () => number = Math.random,
): RouteResult {
  const vh = findVirtualHost(table, request.authority);
  if (!vh) return localReply('no_route', undefined);
  const view: RequestView = { request, path: pathOf(request.path), lowerPath: undefined, query: undefined };
  let route: CompiledRoute | undefined;
  let matched: Condition | undefined;
  for (const r of vh.routes) {
    if (r.blocks.length === 0) {
      route = r;
      break;
    }
    matched = r.blocks.find((b) => b.test(view));
    if (matched) {
      route = r;
      break;
    }
  }
  if (!route) return localReply('no_route', undefined);
  const action = route.action;
  switch (action.type) {
    case 'redirect':
      return {
        kind: 'redirect',
        route: route.name,
        status: action.redirectCode,
        location: applyRedirect(action, request, view.path),
        routeHeaders: route.headers,
        policy: route.policy,
      };
    case 'directResponse':
      return {
        kind: 'directResponse',
        route: route.name,
        status: action.status,
        body: action.body ?? '',
        bodyEncoding: action.bodyEncoding,
        routeHeaders: route.headers,
        policy: route.policy,
      };
    case 'route': {
      const dest = pickDestination(action.destinations, action.cumulative, random);
      if (!dest) return localReply('no_route', undefined);
      const cluster = table.clusters.get(dest.cluster);
      if (!cluster) return localReply('cluster_not_found', dest.cluster);
      if (cluster.kind === 'blackhole') return localReply('registry_only_blackhole', cluster.name);
      if (cluster.kind !== 'passthrough' && cluster.endpoints.length === 0)
        return localReply('no_healthy_upstream', cluster.name);
      return {
        kind: 'forward',
        route: route.name,
        virtualHost: vh.name,
        cluster,
        host: dest.host,
        subset: dest.subset,
        path: action.rewrite ? applyRewrite(action.rewrite, request.path, view.path, matched) : request.path,
        authority: action.rewrite?.authority ?? request.authority,
        routeHeaders: route.headers,
        destinationHeaders: dest.headers,
        policy: route.policy,
      };
    }
  }
}
