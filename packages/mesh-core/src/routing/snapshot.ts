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

const labelMap = z.record(z.string(), z.string());

export const proxyKinds = ['sidecar', 'gateway'] as const;

/** A string condition; `present` only asks that the header or parameter exists. */
export const stringMatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), value: z.string() }),
  z.object({ kind: z.literal('prefix'), value: z.string() }),
  z.object({ kind: z.literal('regex'), value: z.string() }),
  z.object({ kind: z.literal('present') }),
]);

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

/** A share of requests, as a percentage in [0, 100] (Istio's `Percent`). */
const percentSchema = z.number().min(0).max(100);

/**
 * The router's retry policy (Envoy `RetryPolicy`, as Istio's `HTTPRetry` converts to it). The
 * control plane writes Istio's default policy on every outbound and gateway route that names none,
 * so a route without `retries` never retries.
 */
export const retryPolicySchema = z.object({
  /** Retries after the first try (Envoy `num_retries`; Istio `attempts`). */
  attempts: z.number().int().min(0),
  /** Each try's timeout; absent when the route's timeout alone applies. */
  perTryTimeoutMs: z.number().min(0).optional(),
  /**
   * Envoy `retry_on` conditions: `5xx`, `gateway-error`, `reset`, `connect-failure`,
   * `refused-stream`, `retriable-4xx`, `retriable-status-codes`, `retriable-headers`,
   * `reset-before-request` (Istio's inbound policy), and the gRPC ones (`cancelled`,
   * `deadline-exceeded`, `internal`, `resource-exhausted`, `unavailable`).
   */
  retryOn: z.array(z.string()),
  /** Status codes `retriable-status-codes` retries (Istio puts bare codes of `retryOn` here). */
  retriableStatusCodes: z.array(z.number().int()).default([]),
  /** Re-picks to find an endpoint not tried before (Istio's `previous_hosts` predicate); 0: none. */
  hostSelectionRetryMaxAttempts: z.number().int().min(0).default(5),
  /** Envoy's fully jittered exponential back-off between tries. */
  backoffBaseMs: z.number().min(0).default(25),
  backoffMaxMs: z.number().min(0).default(250),
});

/**
 * Istio's `HTTPFaultInjection`, applied by the client's proxy before the router: an abort ends the
 * request before any try; a delay is served before the route's timeout starts.
 */
export const faultSchema = z.object({
  delay: z.object({ fixedDelayMs: z.number().min(0), percent: percentSchema }).optional(),
  abort: z.object({ httpStatus: z.number().int().min(200).max(599), percent: percentSchema }).optional(),
});

/** One mirror of a route (`mirror` + `mirrorPercentage`, or an entry of `mirrors`). */
export const mirrorSchema = z.object({
  cluster: z.string(),
  host: z.string(),
  subset: z.string().optional(),
  port: z.number().int(),
  percent: percentSchema,
});

/** Istio's `CorsPolicy`, as Envoy's CORS filter applies it. */
export const corsPolicySchema = z.object({
  /** An exact `*` allows every origin. */
  allowOrigins: z.array(stringMatchSchema),
  allowMethods: z.array(z.string()).default([]),
  allowHeaders: z.array(z.string()).default([]),
  exposeHeaders: z.array(z.string()).default([]),
  maxAgeSeconds: z.number().int().min(0).optional(),
  allowCredentials: z.boolean().optional(),
  /** A preflight whose origin is not allowed: FORWARD it upstream, or IGNORE (answer 200 bare). */
  unmatchedPreflights: z.enum(['FORWARD', 'IGNORE']).default('FORWARD'),
});

/**
 * Envoy's `envoy.filters.http.local_ratelimit` (from an EnvoyFilter): a token bucket per proxy
 * (per listener, or per route when a route carries its own). Fractions are percentages.
 */
export const localRateLimitSchema = z.object({
  statPrefix: z.string(),
  /** Absent: the filter is installed but limits nothing unless a route configures a bucket. */
  tokenBucket: z
    .object({
      maxTokens: z.number().int().min(1),
      tokensPerFill: z.number().int().min(1).default(1),
      fillIntervalMs: z.number().min(1),
    })
    .optional(),
  /** Share of requests the limit is checked for (Envoy's default 0%). */
  filterEnabledPercent: percentSchema.default(0),
  /** Share of limited requests that are refused, not only counted (Envoy's default 0%). */
  filterEnforcedPercent: percentSchema.default(0),
  /** Headers added to a refused request's reply: [name, value]. */
  responseHeadersToAdd: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** The status of a refused request (Envoy's `status`, default 429). */
  status: z.number().int().min(400).max(599).default(429),
});

/** What a route adds to forwarding: Istio's per-route resilience and chaos settings. */
export const routePolicySchema = z.object({
  /** The whole request's timeout (VirtualService `timeout`); absent or 0: none. */
  timeoutMs: z.number().min(0).optional(),
  retries: retryPolicySchema.optional(),
  fault: faultSchema.optional(),
  mirrors: z.array(mirrorSchema).default([]),
  cors: corsPolicySchema.optional(),
  /** A per-route local rate limit, replacing the listener's for this route. */
  localRateLimit: localRateLimitSchema.optional(),
});

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

/** Istio sets every Envoy circuit breaker threshold to this unless a DestinationRule says otherwise. */
export const UNLIMITED = 4_294_967_295;

/** DestinationRule `connectionPool`, as Envoy's circuit breakers and connection pool apply it. */
export const connectionPoolSchema = z.object({
  /** tcp.maxConnections: connections to the cluster (all endpoints). */
  maxConnections: z.number().int().min(1).default(UNLIMITED),
  /** http.http1MaxPendingRequests: requests waiting for a connection. */
  maxPendingRequests: z.number().int().min(1).default(UNLIMITED),
  /** http.http2MaxRequests: requests outstanding to the cluster. */
  maxRequests: z.number().int().min(1).default(UNLIMITED),
  /** http.maxRetries: retries outstanding to the cluster. */
  maxRetries: z.number().int().min(0).default(UNLIMITED),
  /** http.maxRequestsPerConnection; 0: unlimited. */
  maxRequestsPerConnection: z.number().int().min(0).default(0),
  /** http.idleTimeout: an idle upstream connection is closed after this (default 1 h); 0: never. */
  idleTimeoutMs: z.number().min(0).default(3_600_000),
  /** tcp.connectTimeout (Istio's default 10 s). */
  connectTimeoutMs: z.number().min(1).default(10_000),
});

/** Istio's connection pool when no DestinationRule sets one. */
export function defaultConnectionPool(): ConnectionPool {
  return connectionPoolSchema.parse({});
}

/** DestinationRule `outlierDetection`, with Envoy's defaults for what it leaves out. */
export const outlierDetectionSchema = z.object({
  /** 0: this detector is off. */
  consecutive5xxErrors: z.number().int().min(0).default(5),
  consecutiveGatewayErrors: z.number().int().min(0).default(0),
  intervalMs: z.number().min(1).default(10_000),
  baseEjectionTimeMs: z.number().min(1).default(30_000),
  maxEjectionPercent: percentSchema.default(10),
  /** Below this share of healthy endpoints the pool panics and uses all; 0 (Istio's default): never. */
  minHealthPercent: percentSchema.default(0),
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

export type StringMatch = z.infer<typeof stringMatchSchema>;
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
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export type Fault = z.infer<typeof faultSchema>;
export type Mirror = z.infer<typeof mirrorSchema>;
export type CorsPolicy = z.infer<typeof corsPolicySchema>;
export type LocalRateLimit = z.infer<typeof localRateLimitSchema>;
export type RoutePolicy = z.infer<typeof routePolicySchema>;
export type ConnectionPool = z.infer<typeof connectionPoolSchema>;
export type OutlierDetection = z.infer<typeof outlierDetectionSchema>;
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
