/**
 * The proxy snapshot, format v1: the contract between the control plane, which compiles it,
 * and a sidecar or gateway, which loads it from a file or receives it pushed. It holds only
 * what one proxy needs, already resolved: listeners (which route table serves which port),
 * route tables (virtual hosts with Istio's domains, routes with their matches and actions,
 * with config-time conditions such as sourceLabels, sourceNamespace, gateways and port
 * already applied to this proxy), and clusters (named as Envoy/Istio name them, with
 * endpoints, load-balancer policy and the effective traffic policy).
 *
 * A snapshot is plain JSON data and is deep-frozen when created or parsed, so a proxy can
 * share one between every request in flight and swap it atomically.
 */
import { z } from 'zod';
import {
  connectionPoolSchema,
  localRateLimitSchema,
  outlierDetectionSchema,
  routePolicySchema,
  stringMatchSchema,
} from './snapshot-policy.ts';

export * from './snapshot-policy.ts';

const labelMap = z.record(z.string(), z.string());

export const proxyKinds = ['sidecar', 'gateway'] as const;

const namedMatch = z.object({ name: z.string(), match: stringMatchSchema });

/** One match block: every condition present must hold. */
export const routeMatchSchema = z.object({
  name: z.string().optional(),
  uri: stringMatchSchema.optional(),
  ignoreUriCase: z.boolean().default(false),
  scheme: stringMatchSchema.optional(),
  method: stringMatchSchema.optional(),
  authority: stringMatchSchema.optional(),
  /** Header names lower-cased. */
  headers: z.array(namedMatch).default([]),
  withoutHeaders: z.array(namedMatch).default([]),
  queryParams: z.array(namedMatch).default([]),
});

const headerOperationsSchema = z.object({
  set: z.array(z.tuple([z.string(), z.string()])).default([]),
  add: z.array(z.tuple([z.string(), z.string()])).default([]),
  remove: z.array(z.string()).default([]),
});

export const headerPolicySchema = z.object({
  request: headerOperationsSchema,
  response: headerOperationsSchema,
});

const routeDestinationSchema = z.object({
  cluster: z.string(),
  /** Service FQDN (or external host) as the metrics and spans name it. */
  host: z.string(),
  subset: z.string().optional(),
  port: z.number().int(),
  weight: z.number().int().min(0),
  headers: headerPolicySchema.optional(),
});

const routeActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('route'),
    destinations: z.array(routeDestinationSchema).min(1),
    rewrite: z
      .object({
        uri: z.string().optional(),
        uriRegexRewrite: z.object({ match: z.string(), rewrite: z.string() }).optional(),
        authority: z.string().optional(),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('redirect'),
    uri: z.string().optional(),
    authority: z.string().optional(),
    scheme: z.string().optional(),
    port: z.number().int().optional(),
    derivePort: z.enum(['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT']).optional(),
    redirectCode: z.number().int().default(301),
  }),
  z.object({
    type: z.literal('directResponse'),
    status: z.number().int(),
    body: z.string().optional(),
    bodyEncoding: z.enum(['utf8', 'base64']).default('utf8'),
  }),
]);

export const routeSchema = z.object({
  /** `<namespace>/<virtual service>` and the rule's name or index, for logs and the console. */
  name: z.string(),
  /** OR'ed; an empty list matches every request. */
  matches: z.array(routeMatchSchema).default([]),
  action: routeActionSchema,
  headers: headerPolicySchema.optional(),
  policy: routePolicySchema.optional(),
});

export const virtualHostSchema = z.object({
  name: z.string(),
  /** Exact `host` or `host:port` values, or wildcards (`*`, `*.example.com`). */
  domains: z.array(z.string()).min(1),
  routes: z.array(routeSchema),
});

export const routeTableSchema = z.object({
  name: z.string(),
  virtualHosts: z.array(virtualHostSchema),
});

export const listenerSchema = z.object({
  name: z.string(),
  direction: z.enum(['outbound', 'inbound', 'gateway']),
  port: z.number().int(),
  /** Destination port (as a string key) → route table name. */
  routeTables: labelMap,
  /** The table for ports none of `routeTables` names. */
  fallbackRouteTable: z.string().optional(),
  /** A local rate limit filter on this listener's HTTP filter chain. */
  localRateLimit: localRateLimitSchema.optional(),
});

const jsonObject = z.record(z.string(), z.json());

/** Istio's four replaceable blocks: a subset's block replaces the top-level one whole. */
export const trafficPolicySchema = z.object({
  connectionPool: jsonObject.optional(),
  loadBalancer: jsonObject.optional(),
  outlierDetection: jsonObject.optional(),
  tls: jsonObject.optional(),
});

export const lbPolicySchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH']) }),
  z.object({
    type: z.literal('CONSISTENT_HASH'),
    hashOn: z.union([
      z.object({ httpHeaderName: z.string() }),
      z.object({
        httpCookie: z.object({ name: z.string(), path: z.string().optional(), ttl: z.string().optional() }),
      }),
      z.object({ useSourceIp: z.literal(true) }),
      z.object({ httpQueryParameterName: z.string() }),
    ]),
  }),
]);

export const endpointSchema = z.object({
  workload: z.string(),
  namespace: z.string(),
  /** Replica index of the workload: one endpoint per replica. */
  replica: z.number().int().min(0),
  /** The container port traffic goes to. */
  port: z.number().int(),
  labels: labelMap,
  /** Filled by the platform that knows where the replica listens; null until then. */
  address: z.string().nullable(),
});

export const clusterKinds = ['outbound', 'inbound', 'passthrough', 'blackhole'] as const;

export const clusterSchema = z.object({
  name: z.string(),
  kind: z.enum(clusterKinds),
  service: z
    .object({ name: z.string(), namespace: z.string(), fqdn: z.string(), port: z.number().int() })
    .optional(),
  subset: z.string().optional(),
  endpoints: z.array(endpointSchema),
  lbPolicy: lbPolicySchema,
  trafficPolicy: trafficPolicySchema,
  /** Circuit breakers and connection pool, from `trafficPolicy.connectionPool`. */
  connectionPool: connectionPoolSchema.default(() => connectionPoolSchema.parse({})),
  /** Present when `trafficPolicy.outlierDetection` is. */
  outlierDetection: outlierDetectionSchema.optional(),
});

export const proxySnapshotSchema = z.object({
  version: z.literal(1),
  revision: z.string(),
  proxy: z.object({
    kind: z.enum(proxyKinds),
    workload: z.string(),
    namespace: z.string(),
    labels: labelMap,
    /** The mesh's DNS domain: short and `name.namespace` hosts expand to `name.namespace.svc.<domain>`. */
    clusterDomain: z.string().default('cluster.local'),
  }),
  listeners: z.array(listenerSchema),
  routeTables: z.array(routeTableSchema),
  clusters: z.array(clusterSchema),
});

export type RouteMatch = z.infer<typeof routeMatchSchema>;
export type HeaderPolicy = z.infer<typeof headerPolicySchema>;
export type HeaderOperations = HeaderPolicy['request'];
export type Route = z.infer<typeof routeSchema>;
export type RouteAction = Route['action'];
export type RouteDestination = Extract<RouteAction, { type: 'route' }>['destinations'][number];
export type VirtualHost = z.infer<typeof virtualHostSchema>;
export type RouteTable = z.infer<typeof routeTableSchema>;
export type Listener = z.infer<typeof listenerSchema>;
export type TrafficPolicy = z.infer<typeof trafficPolicySchema>;
export type LbPolicy = z.infer<typeof lbPolicySchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
export type Cluster = z.infer<typeof clusterSchema>;
export type ProxyKind = (typeof proxyKinds)[number];
export type ProxySnapshot = z.infer<typeof proxySnapshotSchema>;

export const passthroughCluster = 'PassthroughCluster';
export const blackHoleCluster = 'BlackHoleCluster';

/** Envoy/Istio cluster names. */
export function outboundClusterName(port: number, subset: string | undefined, fqdn: string): string {
  return `outbound|${port}|${subset ?? ''}|${fqdn}`;
}

export function inboundClusterName(port: number): string {
  return `inbound|${port}||`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Checks `input` (e.g. `JSON.parse` of a snapshot file or push) against format v1 and returns
 * it deep-frozen. Throws zod's error, which names every invalid field, when it does not conform.
 */
export function parseSnapshot(input: unknown): ProxySnapshot {
  return deepFreeze(proxySnapshotSchema.parse(input));
}

/** The same check as `parseSnapshot`, as a value: for a proxy that must NACK, not throw. */
export function safeParseSnapshot(
  input: unknown,
): { ok: true; snapshot: ProxySnapshot } | { ok: false; error: string } {
  const parsed = proxySnapshotSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  return { ok: true, snapshot: deepFreeze(parsed.data) };
}

/** Freezes a snapshot built in code; the compiler's last step. */
export function freezeSnapshot(snapshot: ProxySnapshot): ProxySnapshot {
  return deepFreeze(snapshot);
}

/** FNV-1a over a string from a given basis, 32 bits. */
function fnv1a(text: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A revision derived from a snapshot's content (everything but its revision): equal content gives
 * equal revisions, so a control plane pushes only what changed. Two FNV-1a passes from different
 * bases make 64 bits, so a change going unnoticed by a collision is out of practical reach.
 */
export function contentRevision(body: Omit<ProxySnapshot, 'revision'> | ProxySnapshot): string {
  const { revision: _revision, ...content } = body as ProxySnapshot;
  const text = JSON.stringify(content);
  return (
    fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0') +
    fnv1a(text, 0x050c5d1f).toString(16).padStart(8, '0')
  );
}

/**
 * A copy of `snapshot` whose endpoints carry the addresses `resolve` gives (`host:port`, or null
 * while unknown): the platform that knows where each replica and its sidecar listen fills them in.
 */
export function withEndpointAddresses(
  snapshot: ProxySnapshot,
  resolve: (endpoint: Endpoint, cluster: Cluster) => string | null,
): ProxySnapshot {
  const addressed = {
    ...snapshot,
    clusters: snapshot.clusters.map((cluster) => ({
      ...cluster,
      endpoints: cluster.endpoints.map((endpoint) => ({ ...endpoint, address: resolve(endpoint, cluster) })),
    })),
  };
  // Addresses are content: an endpoint coming or going is a new revision the proxy must receive.
  return freezeSnapshot({ ...addressed, revision: contentRevision(addressed) });
}
