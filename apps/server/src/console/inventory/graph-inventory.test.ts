import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOKINFO_WORKLOADS, bookinfoMeshState, instance, proxy } from '../testing/bookinfo-mesh.ts';
import { buildGraphInventory, gatewayTypeOf } from './graph-inventory.ts';
import { namespaceCreation } from './mesh-state.ts';

const sample = (file: string): [string, string] => [
  file,
  readFileSync(
    new URL(`../../../../../third_party/istio/bookinfo/networking/${file}`, import.meta.url),
    'utf8',
  ),
];

const RATINGS_V2 = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ratings-v2
  annotations: {health.kiali.io/rate: "4XX,10,20,http,inbound"}
spec:
  replicas: 2
  selector: {matchLabels: {app: ratings, version: v2}}
  template:
    metadata: {labels: {app: ratings, version: v2}}
    spec:
      containers: [{name: ratings, image: docker.io/istio/examples-bookinfo-ratings-v2:1.20.2}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings-cb}
spec:
  host: ratings.default.svc.cluster.local
  subsets:
  - name: v2
    labels: {version: v2}
    trafficPolicy: {outlierDetection: {consecutive5xxErrors: 1}}
`;

describe('buildGraphInventory', () => {
  it('takes replicas from the platform and synced proxies from the control plane', async () => {
    const state = await bookinfoMeshState({
      extra: [['ratings-v2.yaml', RATINGS_V2]],
      instances: [
        ...BOOKINFO_WORKLOADS.map(([ns, w]) => instance(ns, w)),
        instance('default', 'ratings-v2'),
        { ...instance('default', 'ratings-v2', false), pod: 'ratings-v2-1' },
      ],
      proxies: [
        ...BOOKINFO_WORKLOADS.filter(([, w]) => w !== 'reviews-v3').map(([ns, w]) => proxy(ns, w)),
        proxy('default', 'reviews-v3', 'Stale'),
        { ...proxy('default', 'ratings-v2'), connected: false },
      ],
    });
    const workloads = new Map(buildGraphInventory(state).workloads.map((w) => [w.name, w]));
    expect(workloads.get('reviews-v2')).toMatchObject({
      namespace: 'default',
      labels: { app: 'reviews', version: 'v2' },
      desiredReplicas: 1,
      currentReplicas: 1,
      availableReplicas: 1,
      hasSidecar: true,
      syncedProxies: 1,
    });
    expect(workloads.get('reviews-v3')?.syncedProxies).toBe(0);
    expect(workloads.get('ratings-v2')).toMatchObject({
      desiredReplicas: 2,
      currentReplicas: 2,
      availableReplicas: 1,
      syncedProxies: 0,
      annotations: { 'health.kiali.io/rate': '4XX,10,20,http,inbound' },
    });
  });

  it('marks the ingress gateway with the hosts of the Gateways selecting it', async () => {
    const inventory = buildGraphInventory(await bookinfoMeshState());
    const gateway = inventory.workloads.find((w) => w.name === 'istio-ingressgateway');
    expect(gateway?.gateway).toEqual({ type: 'ingress', hostnames: ['*'] });
    expect(inventory.workloads.filter((w) => w.gateway !== undefined)).toHaveLength(1);
    expect(inventory.istioNamespaces).toEqual(['istio-system']);
  });

  it('gives services the badges of the VirtualServices and DestinationRules for them', async () => {
    const state = await bookinfoMeshState({
      extra: [sample('virtual-service-reviews-50-v3.yaml'), ['ratings-v2.yaml', RATINGS_V2]],
    });
    const services = new Map(buildGraphInventory(state).services.map((s) => [s.name, s]));
    expect(services.get('reviews')?.istio).toMatchObject({
      virtualServices: { reviews: ['reviews'] },
      hasRequestRouting: true,
      hasTrafficShifting: true,
    });
    expect(services.get('productpage')?.istio).toMatchObject({
      virtualServices: { bookinfo: ['*'] },
      hasRequestRouting: true,
      hasTrafficShifting: false,
    });
    expect(services.get('ratings')?.istio).toEqual({
      circuitBreaker: { serviceWide: false, subsetVersions: ['v2'] },
    });
    expect(services.get('details')?.istio).toBeUndefined();
  });

  it('reads when each namespace came to exist', async () => {
    const state = await bookinfoMeshState();
    for (const ns of ['default', 'istio-system']) {
      expect(Math.abs((state.namespaceCreatedSec.get(ns) ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    }
  });
});

describe('namespaceCreation', () => {
  const at = (kind: 'Namespace' | 'Service', namespace: string, name: string, time: string) => ({
    key: { kind, namespace, name },
    creationTimestamp: time,
  });
  it('takes a Namespace object’s creation, or the oldest object of a namespace it does not declare', () => {
    const created = namespaceCreation([
      at('Service', 'default', 'b', '2025-01-01T00:00:10Z'),
      at('Service', 'default', 'a', '2025-01-01T00:00:05Z'),
      at('Namespace', '', 'shop', '2025-01-01T00:01:00Z'),
      at('Service', 'shop', 'cart', '2025-01-01T00:02:00Z'),
      at('Service', 'odd', 'x', 'not a time'),
    ]);
    const sec = (iso: string): number => Date.parse(iso) / 1000;
    expect([...created]).toEqual([
      ['default', sec('2025-01-01T00:00:05Z')],
      ['shop', sec('2025-01-01T00:01:00Z')],
    ]);
  });
});

describe('gatewayTypeOf (Kiali’s IsGateway labels)', () => {
  it.each([
    [{ istio: 'ingressgateway' }, 'ingress'],
    [{ 'operator.istio.io/component': 'IngressGateways' }, 'ingress'],
    [{ istio: 'egressgateway' }, 'egress'],
    [{ 'operator.istio.io/component': 'EgressGateways' }, 'egress'],
    [{ app: 'reviews' }, undefined],
  ])('%j → %s', (labels, type) => {
    expect(gatewayTypeOf(labels)).toBe(type);
  });
});
