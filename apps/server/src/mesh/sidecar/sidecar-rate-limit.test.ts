/**
 * Istio's local rate limit task through real sidecars: an EnvoyFilter inserts Envoy's
 * `envoy.filters.http.local_ratelimit` into productpage's inbound HTTP filter chain, with a token
 * bucket of 10 per minute either on the filter itself or per route (HTTP_ROUTE MERGE of
 * `typed_per_filter_config` on the inbound virtual host). What the caller sees (429
 * `local_rate_limited`, the configured header) and what the server sidecar reports (flag RL, and
 * Envoy's `http_local_rate_limit` counters when the limit is only counted, not enforced).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { counterValue, istioRequests, sleep } from './testing/proxy-observations.ts';
import { deployment, service } from './testing/yaml.ts';

const services = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('productpage') + deployment('productpage-v1', 'productpage', 'v1'),
];
const workloads = [{ workload: 'client-v1' }, { workload: 'productpage-v1' }];

interface Bucket {
  readonly maxTokens: number;
  readonly fillInterval: string;
}

/** The LocalRateLimit value of Istio's task; `enforced` is filter_enforced's numerator. */
function limiter(bucket: Bucket | undefined, enforced = 100, indent = 14): string {
  const lines = [
    'stat_prefix: http_local_rate_limiter',
    ...(bucket
      ? [
          'token_bucket:',
          `  max_tokens: ${bucket.maxTokens}`,
          `  tokens_per_fill: ${bucket.maxTokens}`,
          `  fill_interval: ${bucket.fillInterval}`,
          'filter_enabled:',
          '  runtime_key: local_rate_limit_enabled',
          '  default_value:',
          '    numerator: 100',
          '    denominator: HUNDRED',
          'filter_enforced:',
          '  runtime_key: local_rate_limit_enforced',
          '  default_value:',
          `    numerator: ${enforced}`,
          '    denominator: HUNDRED',
          'response_headers_to_add:',
          '- append: false',
          '  header:',
          '    key: x-local-rate-limit',
          "    value: 'true'",
        ]
      : []),
  ];
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}

const typedStruct = (indent: number): string =>
  [
    '"@type": type.googleapis.com/udpa.type.v1.TypedStruct',
    'type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
    'value:',
  ]
    .map((l) => `${' '.repeat(indent)}${l}`)
    .join('\n');

/** The filter on productpage's inbound listener; with `bucket`, it limits every request itself. */
function filterPatch(bucket: Bucket | undefined, enforced = 100): string {
  return `    - applyTo: HTTP_FILTER
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
${typedStruct(12)}
${limiter(bucket, enforced)}
`;
}

/** The bucket carried by every route of the inbound virtual host for port 9080. */
function routePatch(bucket: Bucket): string {
  return `    - applyTo: HTTP_ROUTE
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
${typedStruct(14)}
${limiter(bucket, 100, 16)}
`;
}

function envoyFilter(patches: string): string {
  return `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: filter-local-ratelimit-svc
  namespace: istio-system
spec:
  workloadSelector:
    labels:
      app: productpage
  configPatches:
${patches}`;
}

const perMinute: Bucket = { maxTokens: 10, fillInterval: '60s' };
const sendToProductpage = (mesh: MeshHarness) => mesh.send('client-v1', 'productpage:9080', '/productpage');

/** 10 requests pass, the 11th within the minute is refused by productpage's sidecar. */
async function expectTenPerMinute(mesh: MeshHarness): Promise<void> {
  const admin = mesh.member('productpage-v1').sidecar.adminUrl;
  const limited = { reporter: 'destination', response_code: '429', response_flags: 'RL' };
  const limitedBefore = await counterValue(admin, 'istio_requests_total', limited);
  for (let i = 0; i < 10; i++) {
    const r = await sendToProductpage(mesh);
    expect(r.status, `request ${i + 1}`).toBe(200);
    expect(r.headers['x-local-rate-limit']).toBeUndefined();
  }
  const seen = mesh.member('productpage-v1').app?.seen.length;
  const r = await sendToProductpage(mesh);
  expect(r.status).toBe(429);
  expect(r.body).toBe('local_rate_limited');
  expect(r.headers['x-local-rate-limit']).toBe('true');
  // Refused by the sidecar: the app never sees it.
  expect(mesh.member('productpage-v1').app?.seen.length).toBe(seen);
  expect(await istioRequests(admin, limited, limitedBefore + 1)).toBe(limitedBefore + 1);
}

describe('local rate limit on the inbound filter chain (token bucket on the filter)', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start([...services, envoyFilter(filterPatch(perMinute))], workloads);
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('lets 10 requests through and answers the 11th within the minute 429 local_rate_limited (RL)', async () => {
    await expectTenPerMinute(mesh);
  });

  it('leaves productpage’s own outbound calls unlimited (the patch is SIDECAR_INBOUND)', async () => {
    // productpage calling out through its sidecar is not subject to its inbound bucket.
    for (let i = 0; i < 12; i++)
      expect((await mesh.send('productpage-v1', 'client:9080', '/')).status).toBe(200);
  });
});

describe('local rate limit enabled but not enforced (filter_enforced 0%)', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start([...services, envoyFilter(filterPatch(perMinute, 0))], workloads);
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('lets every request through and counts the ones over the limit in Envoy’s stats', async () => {
    for (let i = 0; i < 15; i++) {
      const r = await sendToProductpage(mesh);
      expect(r.status, `request ${i + 1}`).toBe(200);
      expect(r.headers['x-local-rate-limit']).toBeUndefined();
    }
    const admin = mesh.member('productpage-v1').sidecar.adminUrl;
    // Envoy's `<stat_prefix>.http_local_rate_limit.<counter>`, as an Istio sidecar exposes it.
    const stat = (counter: string): Promise<number> =>
      counterValue(admin, `envoy_http_local_rate_limiter_http_local_rate_limit_${counter}`);
    expect(await stat('enabled')).toBe(15);
    expect(await stat('ok')).toBe(10);
    expect(await stat('rate_limited')).toBe(5);
    expect(await stat('enforced')).toBe(0);
    expect(await counterValue(admin, 'istio_requests_total', { response_flags: 'RL' })).toBe(0);
  });
});

describe('local rate limit per route (HTTP_ROUTE MERGE on inbound|http|9080)', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...services, envoyFilter(filterPatch(undefined) + routePatch(perMinute))],
      workloads,
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('lets 10 requests through and answers the 11th within the minute 429 local_rate_limited (RL)', async () => {
    await expectTenPerMinute(mesh);
  });
});

describe('local rate limit refilled every fill_interval', () => {
  let mesh: MeshHarness;
  const fillMs = 2000;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...services, envoyFilter(filterPatch({ maxTokens: 3, fillInterval: `${fillMs / 1000}s` }))],
      workloads,
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('serves requests again once the bucket has been refilled', async () => {
    // The bucket starts full: the first 3 pass whatever the refill timer's phase.
    for (let i = 0; i < 3; i++) expect((await sendToProductpage(mesh)).status).toBe(200);
    let refused = 0;
    for (let i = 0; i < 10 && refused === 0; i++)
      if ((await sendToProductpage(mesh)).status === 429) refused++;
    expect(refused).toBe(1);
    await sleep(fillMs + 300);
    expect((await sendToProductpage(mesh)).status).toBe(200);
  }, 15_000);
});
