/**
 * One snapshot made ready to serve: routes compiled, each cluster's endpoints parsed and its load
 * balancer built. Immutable once built (only endpoint request counters move). A request takes the
 * `ActiveConfig` current when it starts and keeps it to its end, so a swap never changes the rules
 * under a request in flight.
 */
import { compileRoutes } from '@meshlens/mesh-core/routing';
import type { Cluster, CompiledRoutes, ProxySnapshot } from '@meshlens/mesh-core/routing';
import { createPicker, endpointRuntimes } from './load-balancer.ts';
import type { EndpointRuntime, Picker } from './load-balancer.ts';

export interface ClusterRuntime {
  readonly cluster: Cluster;
  readonly endpoints: readonly EndpointRuntime[];
  readonly pick: Picker;
  /** For httpCookie consistent hashing: the cookie to set when the request has none. */
  readonly hashCookie: { readonly name: string; readonly path?: string; readonly ttl?: string } | undefined;
}

export interface ActiveConfig {
  readonly snapshot: ProxySnapshot;
  readonly routes: CompiledRoutes;
  readonly clusters: ReadonlyMap<string, ClusterRuntime>;
  /** When this snapshot was accepted, in milliseconds since the epoch. */
  readonly loadedAt: number;
}

function clusterRuntime(cluster: Cluster): ClusterRuntime {
  const endpoints = endpointRuntimes(cluster);
  const lb = cluster.lbPolicy;
  const hashOn = lb.type === 'CONSISTENT_HASH' ? lb.hashOn : undefined;
  return {
    cluster,
    endpoints,
    pick: createPicker(lb, endpoints),
    hashCookie: hashOn && 'httpCookie' in hashOn && hashOn.httpCookie.ttl ? hashOn.httpCookie : undefined,
  };
}

export function activate(snapshot: ProxySnapshot, now = Date.now()): ActiveConfig {
  return Object.freeze({
    snapshot,
    routes: compileRoutes(snapshot),
    clusters: new Map(snapshot.clusters.map((c) => [c.name, clusterRuntime(c)])),
    loadedAt: now,
  });
}
