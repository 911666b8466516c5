/**
 * One snapshot made ready to serve: routes compiled, each cluster's endpoints parsed and its load
 * balancer built over the cluster's resilience state, every route's CORS policy compiled and every
 * local rate limit bound to its bucket. Immutable once built (only endpoint request counters
 * move). A request takes the `ActiveConfig` current when it starts and keeps it to its end, so a
 * swap never changes the rules under a request in flight.
 *
 * What must outlive a snapshot (breaker counts, ejections, connection pools, token buckets) lives
 * in the runtime's `ResilienceRegistry`; `activate` syncs it, so activating is not free of side
 * effects: call it once per accepted snapshot, in order.
 *
 * Pushed snapshots share their unchanged pieces with the previous one (`SnapshotParser` hands back
 * the same frozen objects), so activation keeps what it built from them: the runtime of a cluster
 * whose object and resilience state are unchanged (its balancer, ring and endpoint counters, as
 * Envoy keeps a cluster's hosts across an update that does not touch them) and every compiled CORS
 * policy.
 */
import { compileRoutes } from '@meshlens/mesh-core/routing';
import type {
  Cluster,
  CompiledRoutes,
  CorsPolicy,
  LocalRateLimit,
  ProxySnapshot,
  RoutePolicy,
} from '@meshlens/mesh-core/routing';
import { endpointRuntimes, LoadBalancer } from './load-balancer.ts';
import type { EndpointRuntime, HashInput } from './load-balancer.ts';
import type { ClusterState } from './resilience/cluster-state.ts';
import { compileCors } from './resilience/cors.ts';
import type { CompiledCors } from './resilience/cors.ts';
import type { LocalRateLimiter } from './resilience/local-rate-limit.ts';
import type { RateLimitScope, ResilienceRegistry } from './resilience/registry.ts';

export interface ClusterRuntime {
  readonly cluster: Cluster;
  readonly endpoints: readonly EndpointRuntime[];
  /** Breakers, outlier detection, pool and counters: shared with every snapshot naming the cluster. */
  readonly resilience: ClusterState;
  /**
   * The endpoint for one try among those not ejected; undefined when none is eligible (503 UH).
   * `exclude`: addresses tried before, avoided with up to `hostSelectionRetryMaxAttempts` re-picks.
   */
  pick(
    input: HashInput | undefined,
    exclude?: ReadonlySet<string>,
    hostSelectionRetryMaxAttempts?: number,
  ): EndpointRuntime | undefined;
  /** For httpCookie consistent hashing: the cookie to set when the request has none. */
  readonly hashCookie: { readonly name: string; readonly path?: string; readonly ttl?: string } | undefined;
  /** The ejection state the balancer follows: the cluster's outlier detector when it was built. */
  readonly health: ClusterState['outlier'];
}

export interface ActiveConfig {
  readonly snapshot: ProxySnapshot;
  readonly routes: CompiledRoutes;
  readonly clusters: ReadonlyMap<string, ClusterRuntime>;
  /** When this snapshot was accepted, in milliseconds since the epoch. */
  readonly loadedAt: number;
  /**
   * The local rate limit for a request on `listener` that matched a route with `policy`: the
   * route's own when it has one, else the listener's; undefined when the listener has no local
   * rate limit filter (Envoy ignores per-route settings of a filter not in the chain).
   */
  rateLimiter(listener: string, policy: RoutePolicy | undefined): LocalRateLimiter | undefined;
  /** The route's compiled CORS policy, if it has one. */
  cors(policy: RoutePolicy | undefined): CompiledCors | undefined;
}

function clusterRuntime(
  cluster: Cluster,
  resilience: ClusterState,
  previous: ClusterRuntime | undefined,
): ClusterRuntime {
  if (
    previous?.cluster === cluster &&
    previous.resilience === resilience &&
    previous.health === resilience.outlier
  )
    return previous;
  const endpoints = endpointRuntimes(cluster);
  const lb = cluster.lbPolicy;
  const hashOn = lb.type === 'CONSISTENT_HASH' ? lb.hashOn : undefined;
  const outlier = resilience.outlier;
  const balancer = new LoadBalancer({
    policy: lb,
    endpoints,
    ...(outlier
      ? { health: outlier, panicThresholdPercent: cluster.outlierDetection?.minHealthPercent ?? 0 }
      : {}),
  });
  return {
    cluster,
    endpoints,
    resilience,
    pick: (input, exclude, attempts) => balancer.pick(input, exclude, attempts),
    hashCookie: hashOn && 'httpCookie' in hashOn && hashOn.httpCookie.ttl ? hashOn.httpCookie : undefined,
    health: outlier,
  };
}

interface PolicyTables {
  readonly listenerLimits: ReadonlyMap<string, LocalRateLimiter>;
  readonly routeLimits: ReadonlyMap<LocalRateLimit, LocalRateLimiter>;
  readonly cors: ReadonlyMap<CorsPolicy, CompiledCors>;
}

/**
 * Route policies keyed by the snapshot's own objects: a RouteResult carries its route's `policy`
 * object, so a request finds its limiter or CORS policy with one Map lookup. Buckets are keyed by
 * place (listener name, or route table / virtual host / route name and position) and content.
 */
function policyTables(
  snapshot: ProxySnapshot,
  scope: RateLimitScope,
  previous: ActiveConfig | undefined,
): PolicyTables {
  const listenerLimits = new Map<string, LocalRateLimiter>();
  for (const l of snapshot.listeners)
    if (l.localRateLimit) listenerLimits.set(l.name, scope.limiter(`listener:${l.name}`, l.localRateLimit));
  const routeLimits = new Map<LocalRateLimit, LocalRateLimiter>();
  const cors = new Map<CorsPolicy, CompiledCors>();
  for (const table of snapshot.routeTables)
    for (const vh of table.virtualHosts)
      vh.routes.forEach((route, i) => {
        const policy = route.policy;
        if (policy?.localRateLimit)
          routeLimits.set(
            policy.localRateLimit,
            scope.limiter(`route:${table.name}/${vh.name}/${route.name}#${i}`, policy.localRateLimit),
          );
        if (policy?.cors) cors.set(policy.cors, previous?.cors(policy) ?? compileCors(policy.cors));
      });
  return { listenerLimits, routeLimits, cors };
}

export interface ActivateOptions {
  /** The config this one replaces: what it built from pieces they share is kept. */
  readonly previous?: ActiveConfig | undefined;
  readonly now?: number;
}

export function activate(
  snapshot: ProxySnapshot,
  registry: ResilienceRegistry,
  options: ActivateOptions = {},
): ActiveConfig {
  const { previous } = options;
  const routes = compileRoutes(snapshot);
  const states = registry.syncClusters(snapshot.clusters);
  const clusters = new Map<string, ClusterRuntime>();
  for (const c of snapshot.clusters) {
    const state = states.get(c.name);
    if (state) clusters.set(c.name, clusterRuntime(c, state, previous?.clusters.get(c.name)));
  }
  const tables = registry.syncRateLimits((scope) => policyTables(snapshot, scope, previous));
  return Object.freeze({
    snapshot,
    routes,
    clusters,
    loadedAt: options.now ?? Date.now(),
    rateLimiter(listener: string, policy: RoutePolicy | undefined): LocalRateLimiter | undefined {
      const forListener = tables.listenerLimits.get(listener);
      if (forListener === undefined) return undefined;
      const own = policy?.localRateLimit;
      return own === undefined ? forListener : (tables.routeLimits.get(own) ?? forListener);
    },
    cors(policy: RoutePolicy | undefined): CompiledCors | undefined {
      const own = policy?.cors;
      return own === undefined ? undefined : tables.cors.get(own);
    },
  });
}
