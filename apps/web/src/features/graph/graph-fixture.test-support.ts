/** A small graph answer for tests: Bookinfo-like, with an app box, an error edge and a TCP edge. */
import type { GraphJson } from '@meshlens/mesh-core/graph';

export const FIXTURE_IDS = {
  box: 'box-reviews',
  gateway: 'n-gateway',
  productpage: 'n-productpage',
  reviewsV1: 'n-reviews-v1',
  reviewsV2: 'n-reviews-v2',
  ratingsSvc: 'n-ratings-svc',
  mongodb: 'n-mongodb',
  unknown: 'n-unknown',
  gwToProductpage: 'e-gw-pp',
  ppToV1: 'e-pp-v1',
  ppToV2: 'e-pp-v2',
  v2ToRatings: 'e-v2-ratings',
  ratingsToMongo: 'e-ratings-mongo',
} as const;

const I = FIXTURE_IDS;
const base = { cluster: 'Kubernetes', namespace: 'default', healthData: null };

export function fixtureGraph(): GraphJson {
  return {
    timestamp: 1_700_000_000,
    duration: 60,
    graphType: 'versionedApp',
    elements: {
      nodes: [
        {
          data: {
            ...base,
            id: I.box,
            nodeType: 'box',
            isBox: 'app',
            app: 'reviews',
            healthStatus: 'Healthy',
          },
        },
        {
          data: {
            ...base,
            id: I.gateway,
            nodeType: 'app',
            namespace: 'istio-system',
            app: 'istio-ingressgateway',
            version: 'latest',
            workload: 'istio-ingressgateway',
            isRoot: true,
            isOutside: true,
            isGateway: { ingressInfo: { hostnames: ['*'] } },
            traffic: [{ protocol: 'http', rates: { httpOut: '10.00' } }],
            healthStatus: 'Healthy',
          },
        },
        {
          data: {
            ...base,
            id: I.productpage,
            nodeType: 'app',
            app: 'productpage',
            version: 'v1',
            workload: 'productpage-v1',
            traffic: [{ protocol: 'http', rates: { httpIn: '10.00', httpOut: '6.40' } }],
            healthStatus: 'Healthy',
            hasVS: { hostnames: ['*'] },
            hasRequestRouting: true,
          },
        },
        {
          data: {
            ...base,
            id: I.reviewsV1,
            parent: I.box,
            nodeType: 'app',
            app: 'reviews',
            version: 'v1',
            workload: 'reviews-v1',
            traffic: [{ protocol: 'http', rates: { httpIn: '3.20' } }],
            healthStatus: 'Healthy',
          },
        },
        {
          data: {
            ...base,
            id: I.reviewsV2,
            parent: I.box,
            nodeType: 'app',
            app: 'reviews',
            version: 'v2',
            workload: 'reviews-v2',
            traffic: [{ protocol: 'http', rates: { httpIn: '3.20', httpOut: '3.20' } }],
            healthStatus: 'Degraded',
            hasCB: true,
          },
        },
        {
          data: {
            ...base,
            id: I.ratingsSvc,
            nodeType: 'service',
            service: 'ratings',
            app: 'ratings',
            traffic: [
              { protocol: 'http', rates: { httpIn: '3.20' } },
              { protocol: 'tcp', rates: { tcpOut: '512.00' } },
            ],
            healthStatus: 'Failure',
          },
        },
        {
          data: {
            ...base,
            id: I.mongodb,
            nodeType: 'workload',
            workload: 'mongodb-v1',
            traffic: [{ protocol: 'tcp', rates: { tcpIn: '512.00' } }],
            isOutOfMesh: true,
          },
        },
        { data: { ...base, id: I.unknown, nodeType: 'unknown', namespace: 'unknown', isIdle: true } },
      ],
      edges: [
        {
          data: {
            id: I.gwToProductpage,
            source: I.gateway,
            target: I.productpage,
            responseTime: '24',
            traffic: { protocol: 'http', rates: { http: '10.00', httpPercentReq: '100.0' } },
          },
        },
        {
          data: {
            id: I.ppToV1,
            source: I.productpage,
            target: I.reviewsV1,
            responseTime: '12',
            isMTLS: '100',
            traffic: { protocol: 'http', rates: { http: '3.20', httpPercentReq: '50.0' } },
          },
        },
        {
          data: {
            id: I.ppToV2,
            source: I.productpage,
            target: I.reviewsV2,
            responseTime: '30',
            traffic: {
              protocol: 'http',
              rates: { http: '3.20', httpPercentReq: '50.0', http5xx: '0.80', httpPercentErr: '25.0' },
            },
          },
        },
        {
          data: {
            id: I.v2ToRatings,
            source: I.reviewsV2,
            target: I.ratingsSvc,
            traffic: { protocol: 'http', rates: { http: '3.20', httpPercentReq: '100.0' } },
          },
        },
        {
          data: {
            id: I.ratingsToMongo,
            source: I.ratingsSvc,
            target: I.mongodb,
            traffic: { protocol: 'tcp', rates: { tcp: '512.00' } },
          },
        },
      ],
    },
  };
}
