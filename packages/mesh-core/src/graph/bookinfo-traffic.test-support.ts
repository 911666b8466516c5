/**
 * Bookinfo as Meshlens' proxies report it: the series of `istio_requests_total` (both reporters,
 * labels built by the same code the sidecars use) and `istio_tcp_*`, with their rates, and the
 * registry the appenders read. Rates per second:
 *
 *   unknown ──0.5──► productpage (destination-reported only)
 *   istio-ingressgateway ──10──► productpage ──10──► details
 *   productpage ──3/3/3──► reviews v1/v2/v3, ──1 (503 UH, no workload)──► reviews
 *   reviews-v2 ──3──► ratings; reviews-v3 ──2.7 (200) + 0.3 (500)──► ratings
 *   reviews-v1 ──0 (a stale series)──► ratings
 *   ratings ──1200 B/s TCP──► mongodb
 */
import type { MeshWorkload } from '../health/inventory.ts';
import { buildRequestLabels, buildTcpLabels } from '../telemetry/metric-labels.ts';
import type { PeerMetadata } from '../telemetry/peer-metadata.ts';
import type { ResponseFlag } from '../telemetry/response-flags.ts';
import type { GraphInventory, GraphService } from './model.ts';
import type { Series } from './prom-eval.test-support.ts';

function peer(namespace: string, workload: string, labels: { app: string; version?: string }): PeerMetadata {
  const { app, version } = labels;
  return {
    name: `${workload}-7d4f8b-x2k9p`,
    namespace,
    workloadName: workload,
    clusterId: 'Kubernetes',
    serviceAccount: `bookinfo-${app}`,
    labels: version === undefined ? { app } : { app, version },
  };
}

export const PEERS = {
  gateway: peer('istio-system', 'istio-ingressgateway', { app: 'istio-ingressgateway' }),
  productpage: peer('bookinfo', 'productpage-v1', { app: 'productpage', version: 'v1' }),
  details: peer('bookinfo', 'details-v1', { app: 'details', version: 'v1' }),
  reviewsV1: peer('bookinfo', 'reviews-v1', { app: 'reviews', version: 'v1' }),
  reviewsV2: peer('bookinfo', 'reviews-v2', { app: 'reviews', version: 'v2' }),
  reviewsV3: peer('bookinfo', 'reviews-v3', { app: 'reviews', version: 'v3' }),
  ratings: peer('bookinfo', 'ratings-v1', { app: 'ratings', version: 'v1' }),
  mongodb: peer('bookinfo', 'mongodb-v1', { app: 'mongodb', version: 'v1' }),
} as const;

const host = (service: string): string => `${service}.bookinfo.svc.cluster.local`;

/**
 * The series one kind of request produces: the client proxy's (reporter=source) unless the
 * client has no sidecar, and the server proxy's (reporter=destination) when it was reached.
 */
export function requests(options: {
  readonly from: PeerMetadata | undefined;
  readonly to: PeerMetadata | undefined;
  readonly service: string;
  readonly code: number;
  readonly rate: number;
  readonly flags?: readonly ResponseFlag[];
  readonly protocol?: 'http' | 'grpc';
  readonly grpcStatus?: number;
}): Series[] {
  const common = {
    source: options.from,
    destination: options.to,
    destinationService: host(options.service),
    responseFlags: options.flags ?? [],
    mtls: options.from !== undefined && options.to !== undefined,
    requestProtocol: options.protocol ?? 'http',
    responseCode: options.code,
    ...(options.grpcStatus === undefined ? {} : { grpcStatus: options.grpcStatus }),
  } as const;
  const series: Series[] = [];
  if (options.from !== undefined) {
    series.push({
      metric: 'istio_requests_total',
      labels: buildRequestLabels({ ...common, reporter: 'source' }),
      rate: options.rate,
    });
  }
  if (options.to !== undefined) {
    series.push({
      metric: 'istio_requests_total',
      labels: buildRequestLabels({ ...common, reporter: 'destination' }),
      rate: options.rate,
    });
  }
  return series;
}

/** TCP bytes the client sent, as both proxies report them (Istio reports them as received). */
export function tcpSent(options: {
  readonly from: PeerMetadata;
  readonly to: PeerMetadata;
  readonly service: string;
  readonly rate: number;
}): Series[] {
  const { from, to, service, rate } = options;
  return (['source', 'destination'] as const).map((reporter) => ({
    metric: 'istio_tcp_received_bytes_total',
    labels: buildTcpLabels({
      reporter,
      source: from,
      destination: to,
      destinationService: host(service),
      responseFlags: [],
      mtls: true,
    }),
    rate,
  }));
}

const p = PEERS;

export const BOOKINFO_SERIES: readonly Series[] = [
  ...requests({ from: undefined, to: p.productpage, service: 'productpage', code: 200, rate: 0.5 }),
  ...requests({ from: p.gateway, to: p.productpage, service: 'productpage', code: 200, rate: 10 }),
  ...requests({ from: p.productpage, to: p.details, service: 'details', code: 200, rate: 10 }),
  ...requests({ from: p.productpage, to: p.reviewsV1, service: 'reviews', code: 200, rate: 3 }),
  ...requests({ from: p.productpage, to: p.reviewsV2, service: 'reviews', code: 200, rate: 3 }),
  ...requests({ from: p.productpage, to: p.reviewsV3, service: 'reviews', code: 200, rate: 3 }),
  ...requests({ from: p.productpage, to: undefined, service: 'reviews', code: 503, rate: 1, flags: ['UH'] }),
  ...requests({ from: p.reviewsV2, to: p.ratings, service: 'ratings', code: 200, rate: 3 }),
  ...requests({ from: p.reviewsV3, to: p.ratings, service: 'ratings', code: 200, rate: 2.7 }),
  ...requests({ from: p.reviewsV3, to: p.ratings, service: 'ratings', code: 500, rate: 0.3 }),
  ...requests({ from: p.reviewsV1, to: p.ratings, service: 'ratings', code: 200, rate: 0 }),
  ...tcpSent({ from: p.ratings, to: p.mongodb, service: 'mongodb', rate: 1200 }),
];

function workload(
  namespace: string,
  name: string,
  extra: Partial<MeshWorkload> & Pick<MeshWorkload, 'labels'>,
): MeshWorkload {
  return {
    namespace,
    name,
    annotations: {},
    desiredReplicas: 1,
    currentReplicas: 1,
    availableReplicas: 1,
    hasSidecar: true,
    syncedProxies: 1,
    ...extra,
  };
}

function service(name: string, extra: Partial<GraphService> = {}): GraphService {
  return { namespace: 'bookinfo', name, labels: { app: name, service: name }, annotations: {}, ...extra };
}

export const BOOKINFO_WORKLOADS: readonly MeshWorkload[] = [
  workload('istio-system', 'istio-ingressgateway', {
    labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    gateway: { type: 'ingress', hostnames: ['*'] },
  }),
  workload('bookinfo', 'productpage-v1', { labels: { app: 'productpage', version: 'v1' } }),
  workload('bookinfo', 'details-v1', { labels: { app: 'details', version: 'v1' } }),
  workload('bookinfo', 'reviews-v1', { labels: { app: 'reviews', version: 'v1' } }),
  workload('bookinfo', 'reviews-v2', { labels: { app: 'reviews', version: 'v2' } }),
  workload('bookinfo', 'reviews-v3', { labels: { app: 'reviews', version: 'v3' } }),
  workload('bookinfo', 'ratings-v1', { labels: { app: 'ratings', version: 'v1' } }),
  workload('bookinfo', 'mongodb-v1', {
    labels: { app: 'mongodb', version: 'v1' },
    hasSidecar: false,
    syncedProxies: 0,
  }),
];

export const BOOKINFO_SERVICES: readonly GraphService[] = [
  service('productpage'),
  service('details'),
  service('reviews', {
    istio: {
      virtualServices: { reviews: ['reviews'] },
      hasTrafficShifting: true,
      hasRequestRouting: true,
    },
  }),
  service('ratings', {
    annotations: { 'health.kiali.io/rate': '5XX,20,30,http,inbound' },
    istio: { circuitBreaker: { serviceWide: false, subsetVersions: ['v1'] } },
  }),
  service('mongodb'),
];

export const BOOKINFO_INVENTORY: GraphInventory = {
  workloads: BOOKINFO_WORKLOADS,
  services: BOOKINFO_SERVICES,
};
