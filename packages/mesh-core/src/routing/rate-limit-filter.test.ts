import { describe, expect, it } from 'vitest';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import type { ProxyIdentity } from './compile.ts';
import { localRateLimitType } from './local-rate-limit-config.ts';
import type { ProxySnapshot } from './snapshot.ts';

const productpage: ProxyIdentity = { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' };
const ratings: ProxyIdentity = { kind: 'sidecar', workload: 'ratings-v1', namespace: 'default' };
const foreign: ProxyIdentity = {
  kind: 'sidecar',
  workload: 'client',
  namespace: 'other',
  labels: { app: 'productpage' },
};
const gateway: ProxyIdentity = {
  kind: 'gateway',
  workload: 'istio-ingressgateway',
  namespace: 'istio-system',
  labels: { istio: 'ingressgateway' },
};

const hcm = { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } } };

function limit(statPrefix: string, perRoute = false) {
  const bucket = { max_tokens: 4, tokens_per_fill: 4, fill_interval: '60s' };
  const all = { default_value: { numerator: 100, denominator: 'HUNDRED' } };
  return {
    '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
    type_url: localRateLimitType,
    value: perRoute
      ? { stat_prefix: statPrefix, token_bucket: bucket, filter_enabled: all, filter_enforced: all }
      : { stat_prefix: statPrefix },
  };
}

interface Patch {
  readonly applyTo: string;
  readonly match?: Record<string, unknown>;
  readonly patch: { readonly operation: string; readonly value: Record<string, unknown> };
}

const insert = (match: Record<string, unknown>, operation = 'INSERT_BEFORE', prefix = 'rl'): Patch => ({
  applyTo: 'HTTP_FILTER',
  match,
  patch: { operation, value: { name: 'envoy.filters.http.local_ratelimit', typed_config: limit(prefix) } },
});

const perRoute = (match: Record<string, unknown>, prefix = 'route'): Patch => ({
  applyTo: 'HTTP_ROUTE',
  match,
  patch: {
    operation: 'MERGE',
    value: { typed_per_filter_config: { 'envoy.filters.http.local_ratelimit': limit(prefix, true) } },
  },
});

function envoyFilter(
  name: string,
  namespace: string,
  patches: readonly Patch[],
  more: Record<string, unknown> = {},
): string {
  // JSON is YAML: the analyzer reads it like any manifest.
  return JSON.stringify({
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name, namespace },
    spec: { configPatches: patches, ...more },
  });
}

function compile(extra: readonly string[], proxy: ProxyIdentity, networking: readonly string[] = []) {
  return compileSnapshot({ ...bookinfoMesh(['destination-rule-all.yaml', ...networking], extra), proxy });
}

const limited = (s: ProxySnapshot): string[] =>
  s.listeners.filter((l) => l.localRateLimit).map((l) => `${l.name}:${l.localRateLimit?.statPrefix}`);

describe('withLocalRateLimits: which proxies an EnvoyFilter patches', () => {
  const outbound = [insert({ context: 'SIDECAR_OUTBOUND' })];
  const app = { workloadSelector: { labels: { app: 'productpage' } } };
  it.each([
    ['root namespace, no selector: every proxy', 'istio-system', {}, [true, true, true]],
    ['root namespace, selector: matching proxies anywhere', 'istio-system', app, [true, false, true]],
    ['a namespace, no selector: its proxies', 'default', {}, [true, true, false]],
    ['a namespace, selector: matching proxies in it', 'default', app, [true, false, false]],
  ])('%s', (_, namespace, more, expected) => {
    const extra = [envoyFilter('rl', namespace, outbound, more)];
    const got = [productpage, ratings, foreign].map((p) => limited(compile(extra, p)).length > 0);
    expect(got).toEqual(expected);
  });
});

describe('withLocalRateLimits: HTTP_FILTER', () => {
  it.each([
    ['SIDECAR_INBOUND', { context: 'SIDECAR_INBOUND', listener: hcm }, ['virtualInbound:rl']],
    ['SIDECAR_OUTBOUND', { context: 'SIDECAR_OUTBOUND' }, ['virtualOutbound:rl']],
    ['ANY', {}, ['virtualOutbound:rl', 'virtualInbound:rl']],
    ['GATEWAY', { context: 'GATEWAY' }, []],
    [
      'the port the inbound listener serves',
      { context: 'SIDECAR_INBOUND', listener: { portNumber: 9080 } },
      ['virtualInbound:rl'],
    ],
    ['another port', { context: 'SIDECAR_INBOUND', listener: { portNumber: 9090 } }, []],
    ['one of the outbound ports', { context: 'SIDECAR_OUTBOUND', listener: { portNumber: 9080 } }, []],
    ['a listener by name', { listener: { name: 'virtualInbound' } }, ['virtualInbound:rl']],
    [
      'a non-HTTP network filter',
      { listener: { filterChain: { filter: { name: 'envoy.filters.network.tcp_proxy' } } } },
      [],
    ],
    [
      'one TLS filter chain',
      { context: 'SIDECAR_INBOUND', listener: { filterChain: { transportProtocol: 'tls' } } },
      [],
    ],
  ])('matches %s on a sidecar', (_, match, expected) => {
    expect(limited(compile([envoyFilter('rl', 'default', [insert(match)])], productpage))).toEqual(expected);
  });

  it.each([
    ['INSERT_BEFORE', undefined, true],
    ['INSERT_FIRST', undefined, true],
    ['INSERT_AFTER', 'envoy.filters.http.cors', true],
    ['INSERT_AFTER', undefined, false],
    ['INSERT_AFTER', 'envoy.filters.http.router', false],
    ['ADD', undefined, false],
    ['MERGE', undefined, false],
  ])(
    'installs the filter with %s after %s: %s (Envoy refuses a filter behind the router)',
    (op, sub, yes) => {
      const chain = {
        filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: sub } },
      };
      const match = { context: 'SIDECAR_INBOUND', listener: { filterChain: chain } };
      const snapshot = compile([envoyFilter('rl', 'default', [insert(match, op)])], productpage);
      expect(limited(snapshot)).toEqual(yes ? ['virtualInbound:rl'] : []);
    },
  );

  it('patches a gateway in GATEWAY context, on the listener of the port it names', () => {
    const extra = (port: number) => [
      envoyFilter(
        'rl',
        'istio-system',
        [insert({ context: 'GATEWAY', listener: { portNumber: port, ...hcm } })],
        {
          workloadSelector: { labels: { istio: 'ingressgateway' } },
        },
      ),
    ];
    const on = compile(extra(8080), gateway, ['bookinfo-gateway.yaml']);
    const off = compile(extra(443), gateway, ['bookinfo-gateway.yaml']);
    expect([limited(on), limited(off)]).toEqual([['0.0.0.0_8080:rl'], []]);
  });

  it('keeps the first filter of several, in priority order', () => {
    const first = envoyFilter(
      'b',
      'default',
      [insert({ context: 'SIDECAR_INBOUND' }, 'INSERT_BEFORE', 'first')],
      {
        priority: -1,
      },
    );
    const second = envoyFilter('a', 'default', [
      insert({ context: 'SIDECAR_INBOUND' }, 'INSERT_BEFORE', 'second'),
    ]);
    expect(limited(compile([second, first], productpage))).toEqual(['virtualInbound:first']);
  });
});

describe('withLocalRateLimits: HTTP_ROUTE', () => {
  const reviewsVs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [reviews]
  http:
  - name: canary
    match:
    - name: jason
      headers: { end-user: { exact: jason } }
    - name: beta
      headers: { x-beta: { exact: '1' } }
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
`;
  const outboundFilter = insert({ context: 'SIDECAR_OUTBOUND' });
  const reviewsHost = 'reviews.default.svc.cluster.local:9080';

  function reviewsRoutes(patches: readonly Patch[]) {
    const snapshot = compile([reviewsVs, envoyFilter('rl', 'default', patches)], productpage);
    const vh = snapshot.routeTables
      .find((t) => t.name === '9080')
      ?.virtualHosts.find((v) => v.name === reviewsHost);
    return (vh?.routes ?? []).map((r) => [
      r.matches.map((m) => m.name ?? '').join('+'),
      r.policy?.localRateLimit?.statPrefix,
    ]);
  }

  const vhost = (more: Record<string, unknown> = {}) => ({
    context: 'SIDECAR_OUTBOUND',
    routeConfiguration: { vhost: { name: reviewsHost, ...more } },
  });

  it.each([
    [
      'every route of the virtual host',
      vhost(),
      [
        ['jason+beta', 'route'],
        ['', 'route'],
      ],
    ],
    [
      'the route named after the rule and one match block (split off)',
      vhost({ route: { name: 'canary.beta' } }),
      [
        ['jason', undefined],
        ['beta', 'route'],
        ['', undefined],
      ],
    ],
    [
      'the routes of an unnamed rule (named "")',
      vhost({ route: { name: '1' } }),
      [
        ['jason+beta', undefined],
        ['', undefined],
      ],
    ],
    [
      'routing routes only',
      vhost({ route: { action: 'REDIRECT' } }),
      [
        ['jason+beta', undefined],
        ['', undefined],
      ],
    ],
    [
      'the route configuration of another port',
      { context: 'SIDECAR_OUTBOUND', routeConfiguration: { portNumber: 9090 } },
      [
        ['jason+beta', undefined],
        ['', undefined],
      ],
    ],
    [
      'the route configuration by name',
      { context: 'SIDECAR_OUTBOUND', routeConfiguration: { name: '9080', vhost: { name: reviewsHost } } },
      [
        ['jason+beta', 'route'],
        ['', 'route'],
      ],
    ],
  ])('sets the per-route limit on %s', (_, match, expected) => {
    expect(reviewsRoutes([outboundFilter, perRoute(match)])).toEqual(expected);
  });

  it('sets nothing on routes whose listener lacks the filter, as Envoy ignores such config', () => {
    expect(reviewsRoutes([perRoute(vhost())])).toEqual([
      ['jason+beta', undefined],
      ['', undefined],
    ]);
  });

  it('lets a later patch replace an earlier one', () => {
    const routes = reviewsRoutes([outboundFilter, perRoute(vhost(), 'early'), perRoute(vhost(), 'late')]);
    expect(routes.map(([, prefix]) => prefix)).toEqual(['late', 'late']);
  });
});
