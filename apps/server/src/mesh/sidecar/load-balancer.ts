/**
 * Endpoint selection for one cluster of one snapshot, with the policies Istio's DestinationRule
 * offers. State (round-robin cursor, active-request counts) lives in the cluster's runtime, which
 * is rebuilt with every snapshot: a swap starts new counts, as Envoy's cluster update does.
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

export type Picker = (input: HashInput | undefined) => EndpointRuntime | undefined;

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

function ringPicker(
  endpoints: readonly EndpointRuntime[],
  key: (input: HashInput) => string | undefined,
): Picker {
  const perHost = Math.max(1, Math.ceil(RING_SIZE / endpoints.length));
  const points: Array<[number, EndpointRuntime]> = [];
  for (const e of endpoints) for (let i = 0; i < perHost; i++) points.push([hash32(`${e.address}_${i}`), e]);
  points.sort((a, b) => a[0] - b[0]);
  const hashes = Uint32Array.from(points.map((p) => p[0]));
  const owners = points.map((p) => p[1]);
  const random = randomPicker(endpoints);
  return (input) => {
    const k = input ? key(input) : undefined;
    if (k === undefined) return random(input);
    const h = hash32(k);
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((hashes[mid] ?? 0) < h) lo = mid + 1;
      else hi = mid;
    }
    return owners[lo === owners.length ? 0 : lo];
  };
}

function randomPicker(endpoints: readonly EndpointRuntime[]): Picker {
  return () => endpoints[Math.floor(Math.random() * endpoints.length)];
}

function roundRobinPicker(endpoints: readonly EndpointRuntime[]): Picker {
  let next = Math.floor(Math.random() * endpoints.length);
  return () => {
    const e = endpoints[next];
    next = next + 1 === endpoints.length ? 0 : next + 1;
    return e;
  };
}

function leastRequestPicker(endpoints: readonly EndpointRuntime[]): Picker {
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

export function createPicker(policy: LbPolicy, endpoints: readonly EndpointRuntime[]): Picker {
  if (endpoints.length === 0) return () => undefined;
  switch (policy.type) {
    case 'ROUND_ROBIN':
      return roundRobinPicker(endpoints);
    case 'RANDOM':
      return randomPicker(endpoints);
    case 'LEAST_REQUEST':
    case 'PASSTHROUGH':
      return leastRequestPicker(endpoints);
    case 'CONSISTENT_HASH':
      return ringPicker(endpoints, hashKey(policy));
  }
}
