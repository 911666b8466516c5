import { describe, expect, it } from 'vitest';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import type { ProxyIdentity } from './compile.ts';
import type { ProxySnapshot } from './snapshot.ts';

const reviewsFqdn = 'reviews.default.svc.cluster.local';
const productpage: ProxyIdentity = { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' };

const policyDr = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings, namespace: default }
spec:
  host: ratings
  trafficPolicy:
    connectionPool: { tcp: { maxConnections: 10 } }
    loadBalancer: { simple: RANDOM }
    outlierDetection: { consecutive5xxErrors: 3 }
  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy:
      loadBalancer: { consistentHash: { httpHeaderName: x-user } }
`;

const sourceScopedVs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: details, namespace: default }
spec:
  hosts: [details]
  exportTo: ['.']
  http:
  - name: from-productpage
    match: [{ sourceLabels: { app: productpage } }]
    route: [{ destination: { host: details, subset: v2 } }]
  - name: rest
    route: [{ destination: { host: details, subset: v1 } }]
`;

function vhost(snapshot: ProxySnapshot, table: string, name: string) {
  return snapshot.routeTables.find((t) => t.name === table)?.virtualHosts.find((v) => v.name === name);
}

describe('compileSnapshot: sidecar', () => {
  const mesh = bookinfoMesh(['destination-rule-all.yaml'], [policyDr, sourceScopedVs]);
  const own = compileSnapshot({ ...mesh, proxy: productpage });
  const foreign = compileSnapshot({
    ...mesh,
    proxy: { kind: 'sidecar', workload: 'client', namespace: 'other' },
  });

  it.each([
    [
      'same namespace',
      own,
      [
        'reviews',
        'reviews:9080',
        'reviews.default',
        'reviews.default.svc',
        reviewsFqdn,
        `${reviewsFqdn}:9080`,
      ],
      [],
    ],
    [
      'other namespace',
      foreign,
      ['reviews.default', 'reviews.default:9080', reviewsFqdn],
      ['reviews', 'reviews:9080'],
    ],
  ])('gives service virtual hosts Istio domains (%s)', (_, snapshot, present, absent) => {
    const domains = vhost(snapshot, '9080', `${reviewsFqdn}:9080`)?.domains ?? [];
    for (const d of present) expect(domains).toContain(d);
    for (const d of absent) expect(domains).not.toContain(d);
  });

  it('names clusters as Envoy does, one endpoint per replica of the selected workloads', () => {
    const byName = new Map(own.clusters.map((c) => [c.name, c]));
    expect(byName.get(`outbound|9080||${reviewsFqdn}`)?.endpoints.map((e) => e.workload)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(byName.get(`outbound|9080|v2|${reviewsFqdn}`)?.endpoints).toEqual([
      {
        workload: 'reviews-v2',
        namespace: 'default',
        replica: 0,
        port: 9080,
        labels: { app: 'reviews', version: 'v2' },
        address: null,
      },
    ]);
    expect(byName.get('inbound|9080||')?.endpoints[0]?.workload).toBe('productpage-v1');
    // Istio's inbound cluster names the one service selecting the port: telemetry reports it as
    // `destination_service`, whatever Host the caller sent.
    expect(byName.get('inbound|9080||')?.service).toEqual({
      name: 'productpage',
      namespace: 'default',
      fqdn: 'productpage.default.svc.cluster.local',
      port: 9080,
    });
    expect(byName.has('PassthroughCluster') && byName.has('BlackHoleCluster')).toBe(true);
  });

  it("replaces the top-level traffic policy block by block with the subset's", () => {
    const top = own.clusters.find((c) => c.name === 'outbound|9080||ratings.default.svc.cluster.local');
    const v1 = own.clusters.find((c) => c.name === 'outbound|9080|v1|ratings.default.svc.cluster.local');
    expect(top?.lbPolicy).toEqual({ type: 'RANDOM' });
    expect(v1?.lbPolicy).toEqual({ type: 'CONSISTENT_HASH', hashOn: { httpHeaderName: 'x-user' } });
    expect(v1?.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 10 } },
      loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } },
      outlierDetection: { consecutive5xxErrors: 3 },
    });
    expect(own.clusters.find((c) => c.name === `outbound|9080||${reviewsFqdn}`)?.lbPolicy).toEqual({
      type: 'LEAST_REQUEST',
    });
  });

  it.each([
    [
      'productpage (labels match, namespace sees the VS)',
      productpage,
      ['default/details/from-productpage', 'default/details/rest'],
    ],
    [
      'ratings (labels do not match)',
      { kind: 'sidecar', workload: 'ratings-v1', namespace: 'default' } as const,
      ['default/details/rest'],
    ],
    [
      'a proxy of another namespace (exportTo ".")',
      { kind: 'sidecar', workload: 'client', namespace: 'other' } as const,
      ['default'],
    ],
  ])('applies VirtualService rules as seen by %s', (_, proxy, routes) => {
    const snapshot = compileSnapshot({ ...mesh, proxy });
    expect(
      vhost(snapshot, '9080', 'details.default.svc.cluster.local:9080')?.routes.map((r) => r.name),
    ).toEqual(routes);
  });

  it('shares the outbound pieces of sidecars that agree on every label a sourceLabels names', () => {
    const reviews = (version: string) =>
      compileSnapshot({
        ...mesh,
        proxy: { kind: 'sidecar', workload: `reviews-${version}`, namespace: 'default' },
      });
    const [v1, v2] = [reviews('v1'), reviews('v2')];
    const table = (s: ProxySnapshot) => s.routeTables.find((t) => t.name === '9080');
    expect(table(v2)).toBe(table(v1));
    expect(v2.clusters.find((c) => c.name === `outbound|9080||${reviewsFqdn}`)).toBe(
      v1.clusters.find((c) => c.name === `outbound|9080||${reviewsFqdn}`),
    );
    expect(table(own)).not.toBe(table(v1));
    expect(v2.revision).not.toBe(v1.revision);
  });

  it.each([
    [undefined, 'allow_any', 'PassthroughCluster'],
    ['REGISTRY_ONLY', 'block_all', 'BlackHoleCluster'],
  ] as const)('ends every table with the catch-all of outbound policy %s', (mode, name, cluster) => {
    const snapshot = compileSnapshot({
      ...mesh,
      ...(mode ? { options: { outboundTrafficPolicy: mode } } : {}),
      proxy: productpage,
    });
    const last = snapshot.routeTables.find((t) => t.name === '9080')?.virtualHosts.at(-1);
    expect(last?.name).toBe(name);
    expect(last?.domains).toEqual(['*']);
    const action = last?.routes[0]?.action;
    expect(action?.type === 'route' ? action.destinations[0]?.cluster : undefined).toBe(cluster);
  });
});

describe('compileSnapshot: gateway', () => {
  const mesh = bookinfoMesh(['bookinfo-gateway.yaml', 'destination-rule-all.yaml']);
  const gateway = compileSnapshot({
    ...mesh,
    proxy: {
      kind: 'gateway',
      workload: 'istio-ingressgateway',
      namespace: 'istio-system',
      labels: { istio: 'ingressgateway' },
    },
  });

  it('listens on the ports of the Gateways that select it, with only the clusters its routes use', () => {
    expect(gateway.listeners).toEqual([
      { name: '0.0.0.0_8080', direction: 'gateway', port: 8080, routeTables: { '8080': 'http.8080' } },
    ]);
    expect(gateway.routeTables[0]?.virtualHosts.map((v) => v.domains)).toEqual([['*']]);
    expect(gateway.clusters.map((c) => c.name)).toEqual([
      'outbound|9080||productpage.default.svc.cluster.local',
      'PassthroughCluster',
      'BlackHoleCluster',
    ]);
  });

  it('gets nothing from Gateways whose selector does not match it', () => {
    const other = compileSnapshot({
      ...mesh,
      proxy: {
        kind: 'gateway',
        workload: 'egress',
        namespace: 'istio-system',
        labels: { istio: 'egressgateway' },
      },
    });
    expect(other.listeners).toEqual([]);
  });
});
