import { describe, expect, it } from 'vitest';
import { bookinfoMesh, seededRandom } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import type { ProxyIdentity } from './compile.ts';
import { compileRoutes, routeRequest } from './match.ts';
import type { RouteRequest, RouteResult } from './match.ts';
import type { MeshSnapshot } from '../validation/context.ts';
import { formatResponseFlags } from '../telemetry/response-flags.ts';

const productpage: ProxyIdentity = { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' };

function router(mesh: MeshSnapshot, proxy: ProxyIdentity = productpage) {
  const compiled = compileRoutes(compileSnapshot({ ...mesh, proxy }));
  const listener = proxy.kind === 'gateway' ? '0.0.0.0_8080' : 'virtualOutbound';
  return (request: Partial<RouteRequest> & { port?: number }, random?: () => number): RouteResult => {
    const table = compiled.tableFor(listener, request.port ?? 9080);
    if (!table) throw new Error('no route table');
    const full = { method: 'GET', path: '/', authority: 'reviews:9080', headers: {}, ...request };
    return routeRequest(table, full, random);
  };
}

const summary = (r: RouteResult): string => {
  switch (r.kind) {
    case 'forward':
      return `${r.cluster.name} ${r.authority}${r.path}`;
    case 'redirect':
      return `${r.status} ${r.location}`;
    case 'directResponse':
      return `${r.status} ${r.body}`;
    case 'localReply':
      return `${r.reply.status} ${formatResponseFlags(r.reply.flags)} ${r.reply.body}`.trim();
  }
};

const reviews = (subset: string): string => `outbound|9080|${subset}|reviews.default.svc.cluster.local`;

describe('routeRequest: Bookinfo reviews-test-v2', () => {
  const route = router(bookinfoMesh(['destination-rule-all.yaml', 'virtual-service-reviews-test-v2.yaml']));
  it.each([
    ['end-user jason', { headers: { 'end-user': 'jason' } }, reviews('v2')],
    ['another user', { headers: { 'end-user': 'mary' } }, reviews('v1')],
    ['Jason in other case (exact is case-sensitive)', { headers: { 'end-user': 'Jason' } }, reviews('v1')],
    ['no user', {}, reviews('v1')],
    [
      'by name.namespace',
      { authority: 'reviews.default:9080', headers: { 'end-user': 'jason' } },
      reviews('v2'),
    ],
    ['by FQDN without port', { authority: 'reviews.default.svc.cluster.local' }, reviews('v1')],
    ['by short name without port', { authority: 'reviews' }, reviews('v1')],
  ])('%s', (_, request, cluster) => {
    const result = route(request);
    expect(result.kind === 'forward' ? result.cluster.name : summary(result)).toBe(cluster);
  });
});

describe('routeRequest: weights', () => {
  it('converges on Bookinfo 80/20 within ±5 points over 2,000 picks', () => {
    const route = router(bookinfoMesh(['destination-rule-all.yaml', 'virtual-service-reviews-80-20.yaml']));
    const random = seededRandom(42);
    let v1 = 0;
    for (let i = 0; i < 2000; i++) {
      const r = route({}, random);
      if (r.kind === 'forward' && r.subset === 'v1') v1++;
    }
    expect(Math.abs((v1 / 2000) * 100 - 80)).toBeLessThanOrEqual(5);
  });
});

const vs = (host: string, http: string): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${host}, namespace: default }
spec:
  hosts: [${host}]
  http:
${http}`;

const matchers = vs(
  'ratings',
  `  - match: [{ uri: { prefix: /API }, ignoreUriCase: true }]
    directResponse: { status: 200, body: { string: api } }
  - match: [{ uri: { regex: '/v[0-9]+/.*' } }]
    directResponse: { status: 200, body: { string: regex } }
  - match: [{ headers: { x-canary: { prefix: yes } }, method: { exact: POST } }]
    directResponse: { status: 200, body: { string: canary-post } }
  - match: [{ queryParams: { debug: { exact: '1' } } }]
    directResponse: { status: 200, body: { string: debug } }
  - match: [{ headers: { x-a: { exact: '1' } } }, { headers: { x-b: { regex: 'b+' } } }]
    directResponse: { status: 200, body: { string: either } }
  - match: [{ uri: { prefix: /admin }, withoutHeaders: { x-user: { exact: admin } } }]
    directResponse: { status: 403, body: { string: not-admin } }
  - match: [{ authority: { prefix: ratings.default } }]
    directResponse: { status: 200, body: { string: authority } }
  - match: [{ uri: { prefix: /old } }]
    rewrite: { uri: /new, authority: ratings-new }
    route: [{ destination: { host: ratings, subset: v1 } }]
  - match: [{ uri: { prefix: /rx/ } }]
    rewrite: { uriRegexRewrite: { match: '^/rx/([a-z]+)/(.*)$', rewrite: '/\\2/\\1' } }
    route: [{ destination: { host: ratings } }]
  - match: [{ uri: { exact: /moved } }]
    redirect: { uri: /here, authority: example.com, redirectCode: 302 }
  - match: [{ uri: { exact: /secure } }]
    redirect: { scheme: https, port: 8443 }
  - match: [{ uri: { exact: /elsewhere } }]
    route: [{ destination: { host: ratings, subset: v9 } }]
`,
);

describe('routeRequest: match conditions and actions', () => {
  const route = router(bookinfoMesh(['destination-rule-all.yaml'], [matchers]));
  const ratings = (r: Partial<RouteRequest>): string => summary(route({ authority: 'ratings:9080', ...r }));
  it.each([
    ['uri prefix, ignoring case', { path: '/api/x' }, '200 api'],
    ['uri regex matches the whole path only', { path: '/v2/books?x=1' }, '200 regex'],
    ['uri regex does not match a part', { path: '/x/v2/books' }, '404 NR'],
    [
      'header prefix AND method',
      { method: 'POST', headers: { 'x-canary': 'yes-please' } },
      '200 canary-post',
    ],
    ['header prefix without the method', { method: 'GET', headers: { 'x-canary': 'yes' } }, '404 NR'],
    ['query parameter, decoded', { path: '/q?a=2&debug=%31' }, '200 debug'],
    ['first OR block', { headers: { 'x-a': '1' } }, '200 either'],
    ['second OR block', { headers: { 'x-b': 'bbb' } }, '200 either'],
    ['multi-value header joined', { headers: { 'x-b': ['b', 'b'] } }, '404 NR'],
    ['withoutHeaders, header absent', { path: '/admin' }, '403 not-admin'],
    [
      'withoutHeaders, header present and matching',
      { path: '/admin', headers: { 'x-user': 'admin' } },
      '404 NR',
    ],
    ['authority prefix', { authority: 'ratings.default:9080' }, '200 authority'],
    [
      'prefix rewrite keeps the rest and the query',
      { path: '/old/page?q=1' },
      'outbound|9080|v1|ratings.default.svc.cluster.local ratings-new/new/page?q=1',
    ],
    [
      'regex rewrite with groups',
      { path: '/rx/abc/def' },
      'outbound|9080||ratings.default.svc.cluster.local ratings:9080/def/abc',
    ],
    ['redirect with authority and code', { path: '/moved?x=1' }, '302 http://example.com/here?x=1'],
    ['redirect with scheme and port', { path: '/secure' }, '301 https://ratings:8443/secure'],
    ['unknown subset', { path: '/elsewhere' }, '503 NC'],
    ['no rule matches', { path: '/nothing' }, '404 NR'],
  ])('%s', (_, request, expected) => {
    expect(ratings(request)).toBe(expected);
  });
});

const headerOps = vs(
  'details',
  `  - headers:
      request: { set: { X-Route: r }, remove: [cookie] }
    route:
    - destination: { host: details }
      headers: { response: { add: { x-dest: d } } }
`,
);

const ghost = `
apiVersion: v1
kind: Service
metadata: { name: ghost, namespace: default }
spec:
  selector: { app: ghost }
  ports: [{ name: http, port: 9080 }]
`;

describe('routeRequest: headers, endpoints and unknown hosts', () => {
  const mesh = bookinfoMesh(['destination-rule-all.yaml'], [headerOps, ghost]);
  const route = router(mesh);

  it('returns route and destination header operations, names lower-cased', () => {
    const r = route({ authority: 'details:9080' });
    expect(r.kind === 'forward' && [r.routeHeaders?.request, r.destinationHeaders?.response]).toEqual([
      { set: [['x-route', 'r']], add: [], remove: ['cookie'] },
      { set: [], add: [['x-dest', 'd']], remove: [] },
    ]);
  });

  it.each([
    ['a service without endpoints', router(mesh), { authority: 'ghost:9080' }, '503 UH no healthy upstream'],
    [
      'an unknown host under ALLOW_ANY',
      router(mesh),
      { authority: 'example.com', port: 80 },
      'PassthroughCluster example.com/',
    ],
    [
      'an unknown host under REGISTRY_ONLY',
      router({ ...mesh, options: { outboundTrafficPolicy: 'REGISTRY_ONLY' } }),
      { authority: 'example.com', port: 80 },
      '502 -',
    ],
  ])('answers %s', (_, routeOn, request, expected) => {
    expect(summary(routeOn(request))).toBe(expected);
  });
});

describe('routeRequest: gateway', () => {
  const route = router(bookinfoMesh(['bookinfo-gateway.yaml', 'destination-rule-all.yaml']), {
    kind: 'gateway',
    workload: 'istio-ingressgateway',
    namespace: 'istio-system',
    labels: { istio: 'ingressgateway' },
  });
  it.each([
    ['/productpage', 'outbound|9080||productpage.default.svc.cluster.local bookinfo.example.com/productpage'],
    [
      '/static/app.css',
      'outbound|9080||productpage.default.svc.cluster.local bookinfo.example.com/static/app.css',
    ],
    ['/reviews', '404 NR'],
  ])('routes %s for any host', (path, expected) => {
    expect(summary(route({ authority: 'bookinfo.example.com', path, port: 8080 }))).toBe(expected);
  });
});
