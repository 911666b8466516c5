/**
 * A small mesh for the inventory tests, from YAML as a user would apply it: `bookinfo` with
 * reviews v1/v2 (one Service), ratings, a VirtualService and DestinationRule for reviews, an
 * AuthorizationPolicy selecting reviews-v2, a Gateway selecting the ingress gateway; plus the
 * replicas and proxies a test gives.
 */
import { analyzeManifests } from '../validation/analyze.ts';
import type { InventoryInstance, InventoryMesh, InventoryProxy } from './model.ts';

const deployment = (name: string, app: string, version: string, replicas = 1): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: bookinfo}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${app}, version: ${version}}}
  template:
    metadata: {labels: {app: ${app}, version: ${version}}}
    spec:
      serviceAccountName: bookinfo-${app}
      containers:
      - name: ${app}
        image: docker.io/istio/examples-bookinfo-${app}-${version}:1.20.2
        ports: [{containerPort: 9080}]
---
`;

const service = (name: string): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: bookinfo, labels: {app: ${name}, service: ${name}}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 9080}]
---
`;

export const INVENTORY_YAML = [
  `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {app: istio-ingressgateway, istio: ingressgateway}}
    spec:
      containers:
      - name: istio-proxy
        image: docker.io/istio/proxyv2:1.24.0
---
`,
  deployment('reviews-v1', 'reviews', 'v1'),
  deployment('reviews-v2', 'reviews', 'v2', 2),
  deployment('ratings-v1', 'ratings', 'v1'),
  service('reviews'),
  service('ratings'),
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews, subset: v2}
      weight: 50
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews.bookinfo.svc.cluster.local
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: reviews-v2-viewer, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: reviews, version: v2}}
  action: ALLOW
  rules:
  - from:
    - source: {namespaces: [bookinfo]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ['*']
---
`,
].join('');

export function instance(
  workload: string,
  replica = 0,
  ready = true,
  namespace = 'bookinfo',
): InventoryInstance {
  return { namespace, workload, pod: `${workload}-${replica}`, ready };
}

export function inventoryMesh(
  options: {
    readonly yaml?: string;
    readonly instances?: readonly InventoryInstance[];
    readonly proxies?: readonly InventoryProxy[];
  } = {},
): InventoryMesh {
  const { snapshot, findings } = analyzeManifests([
    { file: 'mesh.yaml', text: options.yaml ?? INVENTORY_YAML },
  ]);
  return {
    registry: snapshot.registry,
    resources: snapshot.resources,
    rootNamespace: 'istio-system',
    clusterDomain: 'cluster.local',
    autoMtls: true,
    instances: options.instances ?? [
      instance('reviews-v1'),
      instance('reviews-v2', 0),
      instance('reviews-v2', 1),
      instance('ratings-v1'),
      instance('istio-ingressgateway', 0, true, 'istio-system'),
    ],
    proxies: options.proxies ?? [],
    findings,
    objects: new Map([
      ['Deployment/bookinfo/reviews-v2', { creationTimestamp: '2026-01-02T03:04:05Z', resourceVersion: '7' }],
    ]),
  };
}
