/**
 * The parts of proxy snapshot format v1 that carry Istio's resilience and chaos settings: a
 * route's policy (timeout, retries, fault, mirrors, CORS, local rate limit) and a cluster's
 * connection pool and outlier detection, compiled to ready values (milliseconds, percentages) so
 * the proxy parses nothing on a request. String matches live here because both a route's matches
 * and CORS origins use them.
 */
import { z } from 'zod';

/** A string condition; `present` only asks that the header or parameter exists. */
export const stringMatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), value: z.string() }),
  z.object({ kind: z.literal('prefix'), value: z.string() }),
  z.object({ kind: z.literal('regex'), value: z.string() }),
  z.object({ kind: z.literal('present') }),
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

export type StringMatch = z.infer<typeof stringMatchSchema>;
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export type Fault = z.infer<typeof faultSchema>;
export type Mirror = z.infer<typeof mirrorSchema>;
export type CorsPolicy = z.infer<typeof corsPolicySchema>;
export type LocalRateLimit = z.infer<typeof localRateLimitSchema>;
export type RoutePolicy = z.infer<typeof routePolicySchema>;
export type ConnectionPool = z.infer<typeof connectionPoolSchema>;
export type OutlierDetection = z.infer<typeof outlierDetectionSchema>;
