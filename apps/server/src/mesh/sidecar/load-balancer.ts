/**
 * Endpoint selection for one cluster of one snapshot, with the policies Istio's DestinationRule
 * offers, over the endpoints outlier detection has not ejected. Per-endpoint request counters
 * live in the snapshot's endpoint runtimes; ejection state lives in the cluster's detector, which
 * outlives snapshots.
 *
 * - ROUND_ROBIN: strict rotation.
 * - LEAST_REQUEST (Istio's default): Envoy's power of two choices — two random endpoints, the one
 *   with fewer active requests wins (all endpoints carry equal weight here).
 * - RANDOM: uniform.
 * - CONSISTENT_HASH: Envoy's ring hash. Each endpoint owns many points on a 32-bit ring; a request
 *   hashes its key (header, cookie, source IP or query parameter) and takes the next point
 *   clockwise, so one key keeps one endpoint while the endpoint set is stable, and a change moves
 *   only the keys of the endpoints that changed. A request without a key falls back to random,
 *   as Envoy does when the hash policy yields no hash.
 *
 * Health: the balancer picks among the endpoints not ejected, rebuilt (ring included) only when
 * the detector's version moves, never per request. When the healthy share falls below the panic
 * threshold (Istio's `minHealthPercent`) it picks among all of them, as Envoy's panic mode does;
 * with the threshold at 0 (Istio's default) it never panics, and with no healthy endpoint it
 * picks none (the router answers 503 UH).
 *
 * Host selection retries (Istio's `previous_hosts` predicate): given the addresses already tried,
 * the balancer picks again up to `hostSelectionRetryMaxAttempts` times to find another, and keeps
 * the last pick when none is found (Envoy's `chooseHost` loop). Ring hash re-picks by walking
 * `attempt` points further round the ring, as Envoy's ring does.
 */
import type { Cluster, Endpoint, LbPolicy } from '@meshlens/mesh-core/routing';

export interface EndpointRuntime {
  readonly endpoint: Endpoint;
  /** `host:port` */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  active: number;
  total: number;
  errors: number;
}

/** What a hash policy reads from a request. */
export interface HashInput {
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  query(name: string): string | undefined;
  readonly sourceIp: string;
}

/** The ejection state a balancer follows (the cluster's outlier detector). */
export interface HealthView {
  /** Moves whenever an endpoint is ejected or returns. */
  readonly version: number;
  isEjected(address: string): boolean;
}

/** Picks the endpoint for one try; `attempt` > 0 is a host-selection retry. */
type Chooser = (input: HashInput | undefined, attempt: number) => EndpointRuntime | undefined;

/** FNV-1a over a string, 32 bits: a fast, well-spread hash for ring placement and lookup. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): FNV alone clusters short keys that differ in the last byte.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Envoy's ring hash default minimum ring size is 1024 entries. */
const RING_SIZE = 1024;

const none: Chooser = () => undefined;

function ringChooser(
  endpoints: readonly EndpointRuntime[],
  key: (input: HashInput) => string | undefined,
): Chooser {
  const perHost = Math.max(1, Math.ceil(RING_SIZE / endpoints.length));
  const points: Array<[number, EndpointRuntime]> = [];
  for (const e of endpoints) for (let i = 0; i < perHost; i++) points.push([hash32(`${e.address}_${i}`), e]);
  points.sort((a, b) => a[0] - b[0]);
  const hashes = Uint32Array.from(points.map((p) => p[0]));
  const owners = points.map((p) => p[1]);
  const random = randomChooser(endpoints);
  return (input, attempt) => {
    const k = input ? key(input) : undefined;
    if (k === undefined) return random(input, attempt);
    const h = hash32(k);
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((hashes[mid] ?? 0) < h) lo = mid + 1;
      else hi = mid;
    }
    return owners[(lo + attempt) % owners.length];
  };
}

function randomChooser(endpoints: readonly EndpointRuntime[]): Chooser {
  return () => endpoints[Math.floor(Math.random() * endpoints.length)];
}

function roundRobinChooser(endpoints: readonly EndpointRuntime[]): Chooser {
  let next = Math.floor(Math.random() * endpoints.length);
  return () => {
    const e = endpoints[next];
    next = next + 1 === endpoints.length ? 0 : next + 1;
    return e;
  };
}

function leastRequestChooser(endpoints: readonly EndpointRuntime[]): Chooser {
  if (endpoints.length === 1) return () => endpoints[0];
  return () => {
    const a = endpoints[Math.floor(Math.random() * endpoints.length)];
    const b = endpoints[Math.floor(Math.random() * endpoints.length)];
    if (!a || !b) return a ?? b;
    return b.active < a.active ? b : a;
  };
}

function hashKey(
  policy: Extract<LbPolicy, { type: 'CONSISTENT_HASH' }>,
): (input: HashInput) => string | undefined {
  const on = policy.hashOn;
  if ('httpHeaderName' in on) {
    const name = on.httpHeaderName.toLowerCase();
    return (input) => input.header(name);
  }
  if ('httpCookie' in on) {
    const name = on.httpCookie.name;
    return (input) => input.cookie(name);
  }
  if ('httpQueryParameterName' in on) {
    const name = on.httpQueryParameterName;
    return (input) => input.query(name);
  }
  return (input) => input.sourceIp;
}

function chooser(policy: LbPolicy, endpoints: readonly EndpointRuntime[]): Chooser {
  if (endpoints.length === 0) return none;
  switch (policy.type) {
    case 'ROUND_ROBIN':
      return roundRobinChooser(endpoints);
    case 'RANDOM':
      return randomChooser(endpoints);
    case 'LEAST_REQUEST':
    case 'PASSTHROUGH':
      return leastRequestChooser(endpoints);
    case 'CONSISTENT_HASH':
      return ringChooser(endpoints, hashKey(policy));
  }
}

function splitAddress(address: string): { host: string; port: number } | undefined {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  let host = address.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

/** The endpoints of a cluster that have an address, ready to receive traffic. */
export function endpointRuntimes(cluster: Cluster): EndpointRuntime[] {
  const out: EndpointRuntime[] = [];
  for (const endpoint of cluster.endpoints) {
    if (endpoint.address === null) continue;
    const split = splitAddress(endpoint.address);
    if (!split) continue;
    out.push({ endpoint, address: endpoint.address, ...split, active: 0, total: 0, errors: 0 });
  }
  return out;
}

export interface LoadBalancerOptions {
  readonly policy: LbPolicy;
  readonly endpoints: readonly EndpointRuntime[];
  /** Absent: no outlier detection, every endpoint is always eligible. */
  readonly health?: HealthView;
  /** Envoy's healthy_panic_threshold (Istio's `minHealthPercent`); 0: never panic. */
  readonly panicThresholdPercent?: number;
}

export class LoadBalancer {
  readonly #options: LoadBalancerOptions;
  #choose: Chooser;
  #eligible: readonly EndpointRuntime[];
  #seenVersion: number;

  constructor(options: LoadBalancerOptions) {
    this.#options = options;
    this.#seenVersion = options.health?.version ?? 0;
    this.#eligible = this.#healthySet();
    this.#choose = chooser(options.policy, this.#eligible);
  }

  /** The endpoints picks currently choose from (all of them in panic). */
  get eligible(): readonly EndpointRuntime[] {
    this.#refresh();
    return this.#eligible;
  }

  /**
   * The endpoint for one try; undefined when none is eligible. With `exclude` (addresses tried
   * before), picks again up to `maxAttempts` times to find one not in it.
   */
  pick(
    input: HashInput | undefined,
    exclude?: ReadonlySet<string>,
    maxAttempts = 0,
  ): EndpointRuntime | undefined {
    this.#refresh();
    let e = this.#choose(input, 0);
    if (exclude === undefined || exclude.size === 0) return e;
    for (let attempt = 1; attempt <= maxAttempts && e !== undefined && exclude.has(e.address); attempt++)
      e = this.#choose(input, attempt);
    return e;
  }

  #refresh(): void {
    const health = this.#options.health;
    if (health === undefined || health.version === this.#seenVersion) return;
    this.#seenVersion = health.version;
    const next = this.#healthySet();
    if (next.length === this.#eligible.length && next.every((e, i) => e === this.#eligible[i])) return;
    this.#eligible = next;
    this.#choose = chooser(this.#options.policy, next);
  }

  #healthySet(): readonly EndpointRuntime[] {
    const { endpoints, health, panicThresholdPercent = 0 } = this.#options;
    if (health === undefined) return endpoints;
    const healthy = endpoints.filter((e) => !health.isEjected(e.address));
    if (healthy.length === endpoints.length) return endpoints;
    // Envoy's isHostSetInPanic: healthy share below the threshold; 0 turns panic off entirely.
    if (panicThresholdPercent > 0 && (100 * healthy.length) / endpoints.length < panicThresholdPercent)
      return endpoints;
    return healthy;
  }
}
