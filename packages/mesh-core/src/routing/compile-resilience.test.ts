/**
 * Resilience and chaos settings in compiled snapshots, from Istio's own samples and tasks:
 * Bookinfo's fault injection, the request timeouts and circuit breaking tasks, and both forms of
 * the local rate limit task's EnvoyFilter.
 */
import { describe, expect, it } from 'vitest';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import type { ProxyIdentity } from './compile.ts';
import { defaultRetryPolicy, inboundRetryPolicy } from './route-policy.ts';
import type { ProxySnapshot } from './snapshot.ts';
import { UNLIMITED, defaultConnectionPool, parseSnapshot } from './snapshot.ts';

const productpage: ProxyIdentity = { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' };
const reviewsV2: ProxyIdentity = { kind: 'sidecar', workload: 'reviews-v2', namespace: 'default' };
const ratingsProxy: ProxyIdentity = { kind: 'sidecar', workload: 'ratings-v1', namespace: 'default' };

function routesOf(snapshot: ProxySnapshot, table: string, vhost: string) {
  return (
    snapshot.routeTables.find((t) => t.name === table)?.virtualHosts.find((v) => v.name === vhost)?.routes ??
    []
  );
}

/** Compiles, and checks the snapshot survives the wire: JSON and the v1 schema, unchanged. */
function compile(mesh: ReturnType<typeof bookinfoMesh>, proxy: ProxyIdentity): ProxySnapshot {
  const snapshot = compileSnapshot({ ...mesh, proxy });
  expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  return snapshot;
}

const ratingsHost = 'ratings.default.svc.cluster.local:9080';

describe('Bookinfo fault injection (virtual-service-ratings-test-*.yaml)', () => {
  it.each([
    ['delay', 'virtual-service-ratings-test-delay.yaml', { delay: { fixedDelayMs: 7000, percent: 100 } }],
    ['abort', 'virtual-service-ratings-test-abort.yaml', { abort: { httpStatus: 500, percent: 100 } }],
  ])("injects the %s for jason's requests only, keeping Istio's default retries", (_, file, fault) => {
    const snapshot = compile(bookinfoMesh(['destination-rule-all.yaml', file]), reviewsV2);
    const [jason, rest] = routesOf(snapshot, '9080', ratingsHost);
    expect(jason?.policy).toEqual({ retries: defaultRetryPolicy(), fault, mirrors: [] });
    expect(rest?.policy).toEqual({ retries: defaultRetryPolicy(), mirrors: [] });
  });
});

describe('request timeouts task', () => {
  const timeouts = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reviews, subset: v2 } }]
    timeout: 0.5s
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings }
spec:
  hosts: [ratings]
  http:
  - fault:
      delay: { percentage: { value: 100 }, fixedDelay: 2s }
    route: [{ destination: { host: ratings, subset: v1 } }]
    retries: { attempts: 3, perTryTimeout: 1s, retryOn: 'gateway-error,connect-failure,503' }
`;
  const mesh = bookinfoMesh(['destination-rule-all.yaml'], [timeouts]);

  it('gives the reviews route its timeout in milliseconds', () => {
    const [route] = routesOf(compile(mesh, productpage), '9080', 'reviews.default.svc.cluster.local:9080');
    expect(route?.policy?.timeoutMs).toBe(500);
  });

  it('keeps explicit retries beside the delay, with bare codes as retriable status codes', () => {
    const [route] = routesOf(compile(mesh, reviewsV2), '9080', ratingsHost);
    expect(route?.policy?.fault).toEqual({ delay: { fixedDelayMs: 2000, percent: 100 } });
    expect(route?.policy?.retries).toEqual({
      ...defaultRetryPolicy(),
      attempts: 3,
      perTryTimeoutMs: 1000,
      retryOn: ['gateway-error', 'connect-failure', 'retriable-status-codes'],
      retriableStatusCodes: [503],
    });
  });
});

describe('routes Istio builds itself', () => {
  const snapshot = compile(bookinfoMesh(['destination-rule-all.yaml']), productpage);

  it.each([
    [
      'a service without VirtualService: the default retry policy',
      '9080',
      'details.default.svc.cluster.local:9080',
      defaultRetryPolicy(),
    ],
    [
      'the inbound route: only the reset-before-request retry',
      'inbound|9080',
      'inbound|http|9080',
      inboundRetryPolicy(),
    ],
    ['the passthrough catch-all: no retries', '9080', 'allow_any', undefined],
  ])('gives %s', (_, table, vhost, retries) => {
    const [route] = routesOf(snapshot, table, vhost);
    expect(route?.policy?.retries).toEqual(retries);
    expect(route?.policy?.timeoutMs).toBeUndefined();
  });
});

describe('circuit breaking task', () => {
  const httpbin = `
apiVersion: v1
kind: Service
metadata: { name: httpbin, labels: { app: httpbin } }
spec:
  ports: [{ name: http, port: 8000, targetPort: 8080 }]
  selector: { app: httpbin }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: httpbin }
spec:
  replicas: 1
  selector: { matchLabels: { app: httpbin, version: v1 } }
  template:
    metadata: { labels: { app: httpbin, version: v1 } }
    spec:
      containers:
      - name: httpbin
        image: docker.io/mccutchen/go-httpbin:v2.15.0
        ports: [{ containerPort: 8080 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1
        maxRequestsPerConnection: 1
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 3m
      maxEjectionPercent: 100
`;
  const snapshot = compile(bookinfoMesh([], [httpbin]), productpage);
  const cluster = (name: string) => snapshot.clusters.find((c) => c.name === name);

  it("sets the DestinationRule's circuit breakers and outlier detection on the httpbin cluster", () => {
    const c = cluster('outbound|8000||httpbin.default.svc.cluster.local');
    expect(c?.connectionPool).toEqual({
      ...defaultConnectionPool(),
      maxConnections: 1,
      maxPendingRequests: 1,
      maxRequestsPerConnection: 1,
    });
    expect(c?.connectionPool.maxRequests).toBe(UNLIMITED);
    expect(c?.outlierDetection).toEqual({
      consecutive5xxErrors: 1,
      consecutiveGatewayErrors: 0,
      intervalMs: 1000,
      baseEjectionTimeMs: 180_000,
      maxEjectionPercent: 100,
      minHealthPercent: 0,
    });
  });

  it.each([
    'outbound|9080||reviews.default.svc.cluster.local',
    'inbound|9080||',
    'PassthroughCluster',
    'BlackHoleCluster',
  ])("gives %s Istio's default pool and no outlier detection", (name) => {
    expect(cluster(name)?.connectionPool).toEqual(defaultConnectionPool());
    expect(cluster(name)?.outlierDetection).toBeUndefined();
  });
});

describe('local rate limit task (EnvoyFilter)', () => {
  const bucket = `
              stat_prefix: http_local_rate_limiter
              token_bucket:
                max_tokens: 4
                tokens_per_fill: 4
                fill_interval: 60s
              filter_enabled:
                runtime_key: local_rate_limit_enabled
                default_value:
                  numerator: 100
                  denominator: HUNDRED
              filter_enforced:
                runtime_key: local_rate_limit_enforced
                default_value:
                  numerator: 100
                  denominator: HUNDRED
              response_headers_to_add:
                - append: false
                  header:
                    key: x-local-rate-limit
                    value: 'true'`;
  const head = `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: filter-local-ratelimit-svc
  namespace: istio-system
spec:
  workloadSelector:
    labels:
      app: productpage
  configPatches:
    - applyTo: HTTP_FILTER
      match:
        context: SIDECAR_INBOUND
        listener:
          filterChain:
            filter:
              name: "envoy.filters.network.http_connection_manager"
      patch:
        operation: INSERT_BEFORE
        value:
          name: envoy.filters.http.local_ratelimit
          typed_config:
            "@type": type.googleapis.com/udpa.type.v1.TypedStruct
            type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
            value:`;
  const listenerForm = head + bucket;
  const perRouteForm = `${head}
              stat_prefix: http_local_rate_limiter
    - applyTo: HTTP_ROUTE
      match:
        context: SIDECAR_INBOUND
        routeConfiguration:
          vhost:
            name: "inbound|http|9080"
            route:
              action: ANY
      patch:
        operation: MERGE
        value:
          typed_per_filter_config:
            envoy.filters.http.local_ratelimit:
              "@type": type.googleapis.com/udpa.type.v1.TypedStruct
              type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
              value:${bucket.replace(/\n/g, '\n  ')}`;
  const taskLimit = {
    statPrefix: 'http_local_rate_limiter',
    tokenBucket: { maxTokens: 4, tokensPerFill: 4, fillIntervalMs: 60_000 },
    filterEnabledPercent: 100,
    filterEnforcedPercent: 100,
    responseHeadersToAdd: [['x-local-rate-limit', 'true']],
    status: 429,
  };
  const inbound = (s: ProxySnapshot) => s.listeners.find((l) => l.name === 'virtualInbound');

  it("limits productpage's inbound listener with the task's bucket, and no other proxy", () => {
    const mesh = bookinfoMesh(['destination-rule-all.yaml'], [listenerForm]);
    expect(inbound(compile(mesh, productpage))?.localRateLimit).toEqual(taskLimit);
    expect(inbound(compile(mesh, ratingsProxy))?.localRateLimit).toBeUndefined();
    expect(
      compile(mesh, productpage).listeners.find((l) => l.name === 'virtualOutbound')?.localRateLimit,
    ).toBe(undefined);
  });

  it('installs a bucketless filter and puts the bucket on the inbound|http|9080 routes', () => {
    const snapshot = compile(bookinfoMesh(['destination-rule-all.yaml'], [perRouteForm]), productpage);
    expect(inbound(snapshot)?.localRateLimit).toEqual({
      statPrefix: 'http_local_rate_limiter',
      filterEnabledPercent: 0,
      filterEnforcedPercent: 0,
      responseHeadersToAdd: [],
      status: 429,
    });
    const [route] = routesOf(snapshot, 'inbound|9080', 'inbound|http|9080');
    expect(route?.policy?.localRateLimit).toEqual(taskLimit);
    expect(route?.policy?.retries).toEqual(inboundRetryPolicy());
  });
});

describe('mirroring at the gateway', () => {
  const mirrored = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: mirrored }
spec:
  hosts: ['*']
  gateways: [bookinfo-gateway]
  http:
  - route: [{ destination: { host: productpage, port: { number: 9080 } } }]
    mirror: { host: reviews, subset: v2 }
    mirrorPercentage: { value: 25 }
`;
  const snapshot = compile(bookinfoMesh(['bookinfo-gateway.yaml', 'destination-rule-all.yaml'], [mirrored]), {
    kind: 'gateway',
    workload: 'istio-ingressgateway',
    namespace: 'istio-system',
    labels: { istio: 'ingressgateway' },
  });

  it('mirrors to the resolved cluster and carries that cluster', () => {
    const routes = snapshot.routeTables[0]?.virtualHosts.flatMap((v) => v.routes) ?? [];
    const route = routes.find((r) => r.name === 'default/mirrored/0');
    const cluster = 'outbound|9080|v2|reviews.default.svc.cluster.local';
    expect(route?.policy?.mirrors).toEqual([
      { cluster, host: 'reviews.default.svc.cluster.local', subset: 'v2', port: 9080, percent: 25 },
    ]);
    expect(snapshot.clusters.map((c) => c.name)).toContain(cluster);
  });
});
