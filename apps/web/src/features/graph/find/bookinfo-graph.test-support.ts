/**
 * A Bookinfo-like versioned-app graph for the find and side-panel tests, parsed with the
 * console's own schema: ingress → productpage → details, reviews v1/v2/v3; reviews v2 and v3 →
 * ratings, where reviews v2 gets 5xx (ratings fails on inbound errors); ratings → mongodb over
 * TCP (mongodb has no sidecar). reviews v2 has one of two replicas ready; details' proxy is not
 * synced.
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { graphJsonSchema } from '@meshlens/mesh-core/graph';

const ws = (name: string, desired = 1, available = desired, synced = desired) => ({
  name,
  desiredReplicas: desired,
  currentReplicas: desired,
  availableReplicas: available,
  syncedProxies: synced,
});

const requests = (inbound: Record<string, Record<string, number>>, outbound = {}) => ({
  inbound,
  outbound,
  healthAnnotations: {},
});

function app(
  id: string,
  fields: { app: string; version: string; namespace?: string } & Record<string, unknown>,
): { data: Record<string, unknown> } {
  return {
    data: {
      id,
      nodeType: 'app',
      cluster: 'Kubernetes',
      namespace: 'bookinfo',
      workload: `${fields.app}-${fields.version}`,
      destServices: [{ cluster: 'Kubernetes', namespace: fields.namespace ?? 'bookinfo', name: fields.app }],
      healthData: null,
      ...fields,
    },
  };
}

function http(rate: string, extra: Record<string, string> = {}, host = 'svc') {
  return {
    protocol: 'http',
    rates: { http: rate, httpPercentReq: '100.0', ...extra },
    responses: { '200': { flags: { '-': '100.0' }, hosts: { [host]: '100.0' } } },
  };
}

export function bookinfoGraph(): GraphJson {
  const raw = {
    timestamp: 1_700_000_000,
    duration: 600,
    graphType: 'versionedApp',
    elements: {
      nodes: [
        {
          data: {
            id: 'box-reviews',
            nodeType: 'box',
            isBox: 'app',
            cluster: 'Kubernetes',
            namespace: 'bookinfo',
            app: 'reviews',
            healthData: null,
          },
        },
        app('ingress', {
          app: 'istio-ingressgateway',
          version: 'latest',
          namespace: 'istio-system',
          isRoot: true,
          isOutside: true,
          healthStatus: 'Healthy',
          traffic: [{ protocol: 'http', rates: { httpOut: '10.00' } }],
        }),
        app('productpage-v1', {
          app: 'productpage',
          version: 'v1',
          healthStatus: 'Healthy',
          labels: { app: 'productpage', region: 'east' },
          traffic: [{ protocol: 'http', rates: { httpIn: '10.00', httpOut: '20.00' } }],
          healthData: {
            workloadStatuses: [ws('productpage-v1')],
            requests: requests({ http: { '200': 10 } }, { http: { '200': 20 } }),
          },
        }),
        app('details-v1', {
          app: 'details',
          version: 'v1',
          healthStatus: 'Degraded',
          traffic: [{ protocol: 'http', rates: { httpIn: '10.00' } }],
          healthData: {
            workloadStatuses: [ws('details-v1', 1, 1, 0)],
            requests: requests({ http: { '200': 10 } }),
          },
        }),
        ...(['v1', 'v2', 'v3'] as const).map((version) =>
          app(`reviews-${version}`, {
            app: 'reviews',
            version,
            parent: 'box-reviews',
            hasVS: {},
            healthStatus: version === 'v2' ? 'Degraded' : 'Healthy',
            traffic: [
              {
                protocol: 'http',
                rates:
                  version === 'v1'
                    ? { httpIn: '3.30' }
                    : { httpIn: '3.30', httpOut: version === 'v2' ? '3.20' : '3.50' },
              },
            ],
            healthData: {
              workloadStatuses: [version === 'v2' ? ws('reviews-v2', 2, 1) : ws(`reviews-${version}`)],
              requests: requests({ http: { '200': 3.3 } }),
            },
          }),
        ),
        app('ratings-v1', {
          app: 'ratings',
          version: 'v1',
          hasCB: true,
          healthStatus: 'Failure',
          traffic: [
            { protocol: 'http', rates: { httpIn: '6.70', httpIn5xx: '0.70' } },
            { protocol: 'tcp', rates: { tcpOut: '1500.00' } },
          ],
          healthData: {
            workloadStatuses: [ws('ratings-v1')],
            requests: requests({ http: { '200': 6.0, '503': 0.7 } }),
          },
        }),
        app('mongodb-v1', {
          app: 'mongodb',
          version: 'v1',
          isOutOfMesh: true,
          healthStatus: 'Healthy',
          traffic: [{ protocol: 'tcp', rates: { tcpIn: '1500.00' } }],
          healthData: { workloadStatuses: [ws('mongodb-v1')], requests: requests({}) },
        }),
        app('idle-v1', { app: 'idle', version: 'v1', isIdle: true, healthStatus: 'NA' }),
      ],
      edges: [
        {
          data: {
            id: 'e-ingress-productpage',
            source: 'ingress',
            target: 'productpage-v1',
            traffic: http('10.00'),
          },
        },
        {
          data: {
            id: 'e-productpage-details',
            source: 'productpage-v1',
            target: 'details-v1',
            isMTLS: '100',
            sourcePrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
            destPrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details',
            responseTime: '12',
            traffic: { ...http('10.00', { httpPercentReq: '50.0' }, 'details.bookinfo.svc.cluster.local') },
          },
        },
        ...(['v1', 'v2', 'v3'] as const).map((v) => ({
          data: {
            id: `e-productpage-reviews-${v}`,
            source: 'productpage-v1',
            target: `reviews-${v}`,
            responseTime: v === 'v1' ? '150' : '40',
            traffic: http('3.30', { httpPercentReq: '16.5' }, 'reviews.bookinfo.svc.cluster.local'),
          },
        })),
        {
          data: {
            id: 'e-reviews-v2-ratings',
            source: 'reviews-v2',
            target: 'ratings-v1',
            responseTime: '80',
            healthStatus: 'Failure',
            traffic: {
              protocol: 'http',
              rates: { http: '3.20', http5xx: '0.70', httpPercentErr: '21.9', httpPercentReq: '100.0' },
              responses: {
                '200': { flags: { '-': '78.1' }, hosts: { 'ratings.bookinfo.svc.cluster.local': '78.1' } },
                '503': { flags: { UH: '21.9' }, hosts: { 'ratings.bookinfo.svc.cluster.local': '21.9' } },
              },
            },
          },
        },
        {
          data: {
            id: 'e-reviews-v3-ratings',
            source: 'reviews-v3',
            target: 'ratings-v1',
            responseTime: '30',
            traffic: http('3.50', {}, 'ratings.bookinfo.svc.cluster.local'),
          },
        },
        {
          data: {
            id: 'e-ratings-mongodb',
            source: 'ratings-v1',
            target: 'mongodb-v1',
            traffic: {
              protocol: 'tcp',
              rates: { tcp: '1500.00' },
              responses: {
                '-': { flags: { '-': '100.0' }, hosts: { 'mongodb.bookinfo.svc.cluster.local': '100.0' } },
              },
            },
          },
        },
      ],
    },
  };
  return graphJsonSchema.parse(raw);
}
