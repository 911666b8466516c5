/**
 * Envoy's local rate limit (`envoy.filters.http.local_ratelimit`), as EnvoyFilters add it to a
 * proxy, following pilot's envoyfilter patching:
 *
 * 1. The EnvoyFilters that apply: those of the root namespace, then those of the proxy's own
 *    namespace, each kept when its `workloadSelector` labels are all on the proxy (none selects
 *    every proxy it can reach), ordered by `priority`.
 * 2. An `HTTP_FILTER` patch inserting the filter sets `localRateLimit` on every listener its match
 *    selects (context, listener name, port). Envoy refuses an HTTP filter after the router, so
 *    `ADD` and `INSERT_AFTER` without a sub-filter (both append) or after the router add nothing.
 *    A second filter on one listener would be a second, independent filter; only the first is kept.
 * 3. An `HTTP_ROUTE` `MERGE` patch whose value carries `typed_per_filter_config` for the filter
 *    sets `policy.localRateLimit` on the routes it selects (route configuration port or name, virtual
 *    host name or domain, route name or action); a later patch replaces an earlier one, as a
 *    merge replaces a map entry. Envoy reads per-route config only of filters in the chain, so a
 *    route keeps one only when its listener has the filter.
 *
 * The typed config is read by `local-rate-limit-config.ts`. Anything that cannot be represented,
 * or that Envoy would refuse, is left out; the EnvoyFilter stays in the config store as written.
 */
import type { EnvoyFilterSpec } from '../config/istio-types.gen.ts';
import type { IstioResource } from '../config/resource.ts';
import type { ValidationContext } from '../validation/context.ts';
import { selectorMatches } from '../validation/hosts.ts';
import type { ProxyConfig } from './gateway-config.ts';
import { jsonObject, parseLocalRateLimit, protoField } from './local-rate-limit-config.ts';
import type { Listener, LocalRateLimit, ProxyKind, Route, RouteTable, VirtualHost } from './snapshot.ts';

type ConfigPatch = NonNullable<EnvoyFilterSpec['configPatches']>[number];
type PatchMatch = NonNullable<ConfigPatch['match']>;
type RouteConfigurationMatch = NonNullable<PatchMatch['routeConfiguration']>;

export const localRateLimitFilter = 'envoy.filters.http.local_ratelimit';

const httpConnectionManagers = new Set([
  'envoy.filters.network.http_connection_manager',
  // The deprecated name, still in older copies of Istio's rate limit task.
  'envoy.http_connection_manager',
]);
const routerFilter = 'envoy.filters.http.router';

export interface RateLimitScope {
  readonly ctx: ValidationContext;
  readonly proxy: {
    readonly kind: ProxyKind;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
  };
}

/** The EnvoyFilters of the mesh that patch this proxy, in the order pilot applies them. */
export function envoyFiltersFor(scope: RateLimitScope): IstioResource<'EnvoyFilter'>[] {
  const root = scope.ctx.options.rootNamespace;
  const { proxy } = scope;
  const rank = (ef: IstioResource<'EnvoyFilter'>): number => (ef.metadata.namespace === root ? 0 : 1);
  return scope.ctx
    .resourcesOf('EnvoyFilter')
    .filter((ef) => {
      const ns = ef.metadata.namespace;
      if (ns !== root && ns !== proxy.namespace) return false;
      // targetRefs attach a filter to Gateway API gateways and waypoints, which these proxies are not.
      if ((ef.spec.targetRefs ?? []).length > 0) return false;
      return selectorMatches(ef.spec.workloadSelector?.labels, proxy.labels);
    })
    .sort(
      (a, b) =>
        (a.spec.priority ?? 0) - (b.spec.priority ?? 0) ||
        rank(a) - rank(b) ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
}

const contextOf: Readonly<Record<Listener['direction'], string>> = {
  inbound: 'SIDECAR_INBOUND',
  outbound: 'SIDECAR_OUTBOUND',
  gateway: 'GATEWAY',
};

function inContext(context: PatchMatch['context'], direction: Listener['direction']): boolean {
  return context === undefined || context === 'ANY' || context === contextOf[direction];
}

/**
 * Whether an HTTP_FILTER match selects a listener. Sidecar listeners here serve every port, where
 * Envoy has a filter chain (inbound) or a listener (outbound) per port: a port condition selects
 * one only when it serves that port alone. Conditions on one of several filter chains of a port
 * (TLS or plaintext, SNI, ALPN, chain name) cannot be represented and select nothing.
 */
function listenerMatches(match: PatchMatch | undefined, listener: Listener): boolean {
  const m = match?.listener;
  if (!m) return true;
  if (m.name !== undefined && m.name !== listener.name) return false;
  const chain = m.filterChain;
  if (chain?.name !== undefined || chain?.sni !== undefined) return false;
  if (chain?.transportProtocol !== undefined || chain?.applicationProtocols !== undefined) return false;
  const filter = chain?.filter?.name;
  if (filter !== undefined && !httpConnectionManagers.has(filter)) return false;
  const port = m.portNumber ?? chain?.destinationPort;
  if (port === undefined) return true;
  if (listener.direction === 'gateway') return chain?.destinationPort === undefined && listener.port === port;
  const ports = Object.keys(listener.routeTables);
  return (
    listener.fallbackRouteTable === undefined && ports.length > 0 && ports.every((p) => p === String(port))
  );
}

/** The rate limit an HTTP_FILTER patch inserts, if it is one Envoy would run. */
function insertedFilter(patch: ConfigPatch): LocalRateLimit | undefined {
  if (patch.applyTo !== 'HTTP_FILTER') return undefined;
  const operation = patch.patch?.operation;
  const anchor = patch.match?.listener?.filterChain?.filter?.subFilter?.name;
  const inserts =
    operation === 'INSERT_FIRST' ||
    operation === 'INSERT_BEFORE' ||
    (operation === 'INSERT_AFTER' && anchor !== undefined && anchor !== routerFilter);
  if (!inserts) return undefined;
  const value = patch.patch?.value;
  if (protoField(value, 'name') !== localRateLimitFilter) return undefined;
  return parseLocalRateLimit(protoField(value, 'typed_config'), { perRoute: false });
}

/** The per-route rate limit an HTTP_ROUTE patch merges in, if any. */
function mergedRouteLimit(patch: ConfigPatch): LocalRateLimit | undefined {
  if (patch.applyTo !== 'HTTP_ROUTE' || patch.patch?.operation !== 'MERGE') return undefined;
  const perFilter = protoField(patch.patch.value, 'typed_per_filter_config');
  const config = jsonObject(perFilter)?.[localRateLimitFilter];
  return config === undefined ? undefined : parseLocalRateLimit(config, { perRoute: true });
}

/** A route table as Envoy's route configuration would be: its name, port and context. */
interface RouteConfiguration {
  readonly istioName: string;
  readonly port: number;
  readonly direction: Listener['direction'];
}

function routeConfigurations(listeners: readonly Listener[]): Map<string, RouteConfiguration> {
  const out = new Map<string, RouteConfiguration>();
  for (const l of listeners) {
    for (const [key, table] of Object.entries(l.routeTables)) {
      const port = l.direction === 'gateway' ? l.port : Number(key);
      // Istio names an inbound route configuration after its cluster, `inbound|<port>||`.
      const istioName = l.direction === 'inbound' ? `inbound|${port}||` : table;
      out.set(table, { istioName, port, direction: l.direction });
    }
    if (l.fallbackRouteTable !== undefined) {
      const table = l.fallbackRouteTable;
      out.set(table, { istioName: table, port: 0, direction: l.direction });
    }
  }
  return out;
}

function routeConfigurationMatches(m: RouteConfigurationMatch | undefined, rc: RouteConfiguration): boolean {
  if (!m) return true;
  if (m.portNumber !== undefined && m.portNumber !== 0 && m.portNumber !== rc.port) return false;
  if (m.name !== undefined && m.name !== '' && m.name !== rc.istioName) return false;
  // A plain-HTTP gateway route configuration (`http.<port>`) names neither a port name nor a gateway.
  if (rc.direction === 'gateway' && (m.portName ?? m.gateway ?? '') !== '') return false;
  return true;
}

function virtualHostMatches(m: RouteConfigurationMatch | undefined, vh: VirtualHost): boolean {
  const v = m?.vhost;
  if (!v) return true;
  if (v.name !== undefined && v.name !== '' && v.name !== vh.name) return false;
  return v.domainName === undefined || v.domainName === '' || vh.domains.includes(v.domainName);
}

/**
 * The names pilot gives the Envoy routes of one snapshot route, one per match block: the rule's
 * name, with `.<match name>` for a named block. A rule without a name gives "".
 */
function envoyRouteNames(route: Route, ctx: ValidationContext): string[] {
  const [namespace, vsName, ...rest] = route.name.split('/');
  let base = route.name;
  if (vsName !== undefined) {
    const ruleKey = rest.join('/');
    const vs = ctx
      .resourcesOf('VirtualService')
      .find((r) => r.metadata.namespace === namespace && r.metadata.name === vsName);
    const indexed = /^\d+$/.test(ruleKey) ? vs?.spec.http?.[Number(ruleKey)] : undefined;
    base = indexed && indexed.name === undefined ? '' : ruleKey;
  }
  if (route.matches.length === 0) return [base];
  return route.matches.map((m) => (m.name !== undefined && m.name !== '' ? `${base}.${m.name}` : base));
}

const actionNames: Readonly<Record<Route['action']['type'], string>> = {
  route: 'ROUTE',
  redirect: 'REDIRECT',
  directResponse: 'DIRECT_RESPONSE',
};

function withRouteLimit(route: Route, limit: LocalRateLimit): Route {
  return { ...route, policy: { ...(route.policy ?? { mirrors: [] }), localRateLimit: limit } };
}

/**
 * Applies one route patch to a route. Envoy has a route per match block, so when the patch names
 * the routes of some blocks only, the snapshot route is split into one route per block.
 */
function patchRoute(
  route: Route,
  patch: { readonly match: RouteConfigurationMatch | undefined; readonly limit: LocalRateLimit },
  ctx: ValidationContext,
): Route[] {
  const r = patch.match?.vhost?.route;
  const action = r?.action ?? 'ANY';
  if (action !== 'ANY' && action !== actionNames[route.action.type]) return [route];
  if (r?.name === undefined || r.name === '') return [withRouteLimit(route, patch.limit)];
  const hits = envoyRouteNames(route, ctx).map((n) => n === r.name);
  if (hits.every(Boolean)) return [withRouteLimit(route, patch.limit)];
  if (!hits.some(Boolean)) return [route];
  return route.matches.map((m, i) => {
    const part = { ...route, matches: [m] };
    return hits[i] ? withRouteLimit(part, patch.limit) : part;
  });
}

/** `config` with the local rate limits of the EnvoyFilters that patch the proxy. */
export function withLocalRateLimits(config: ProxyConfig, scope: RateLimitScope): ProxyConfig {
  const patches = envoyFiltersFor(scope).flatMap((ef) => ef.spec.configPatches ?? []);
  if (patches.length === 0) return config;
  const listeners = config.listeners.map((listener) => {
    for (const patch of patches) {
      if (!inContext(patch.match?.context, listener.direction)) continue;
      if (!listenerMatches(patch.match, listener)) continue;
      const limit = insertedFilter(patch);
      if (limit) return { ...listener, localRateLimit: limit };
    }
    return listener;
  });
  const routePatches = patches.flatMap((p) => {
    const limit = mergedRouteLimit(p);
    return limit ? [{ match: p.match?.routeConfiguration, context: p.match?.context, limit }] : [];
  });
  const configurations = routeConfigurations(listeners);
  const filtered = new Set(
    listeners
      .filter((l) => l.localRateLimit)
      .flatMap((l) => [...Object.values(l.routeTables), l.fallbackRouteTable ?? '']),
  );
  const routeTables = config.routeTables.map((table): RouteTable => {
    const rc = configurations.get(table.name);
    if (!rc || !filtered.has(table.name)) return table;
    const applicable = routePatches.filter(
      (p) => inContext(p.context, rc.direction) && routeConfigurationMatches(p.match, rc),
    );
    if (applicable.length === 0) return table;
    const virtualHosts = table.virtualHosts.map((vh) => {
      let routes = vh.routes;
      for (const p of applicable)
        if (virtualHostMatches(p.match, vh)) routes = routes.flatMap((r) => patchRoute(r, p, scope.ctx));
      return { ...vh, routes };
    });
    return { ...table, virtualHosts };
  });
  return { ...config, listeners, routeTables };
}
