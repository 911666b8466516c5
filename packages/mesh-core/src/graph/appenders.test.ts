import { describe, expect, it } from 'vitest';
import {
  BOOKINFO_INVENTORY,
  BOOKINFO_SERIES,
  BOOKINFO_WORKLOADS,
  PEERS,
  requests,
} from './bookinfo-traffic.test-support.ts';
import { buildRequestLabels } from '../telemetry/metric-labels.ts';
import { build, edge, findNodes, node } from './graph.test-support.ts';
import type { Series } from './prom-eval.test-support.ts';

const productpage = { workload: 'productpage-v1' } as const;
const details = { workload: 'details-v1' } as const;
const ratingsWl = { workload: 'ratings-v1' } as const;
const ratingsSvc = { nodeType: 'service', service: 'ratings', namespace: 'bookinfo' } as const;
const reviewsSvc = { nodeType: 'service', service: 'reviews', namespace: 'bookinfo' } as const;

/** Latency and size series for productpage → details, as each reporter sees them. */
function detailsSeries(metric: string, byReporter: { source: number; destination: number }): Series[] {
  return (['source', 'destination'] as const).map((reporter) => ({
    metric,
    labels: buildRequestLabels({
      reporter,
      source: PEERS.productpage,
      destination: PEERS.details,
      destinationService: 'details.bookinfo.svc.cluster.local',
      responseFlags: [],
      mtls: true,
      requestProtocol: 'http',
      responseCode: 200,
    }),
    rate: byReporter[reporter],
  }));
}

describe('health appender', () => {
  it.each([
    [details, 'Healthy'],
    [ratingsWl, 'Degraded'],
    [{ workload: 'reviews-v3' }, 'Failure'],
  ] as const)('gives %j the status %s from its own traffic', (q, status) => {
    expect(node(build().graph, q).healthStatus).toBe(status);
  });

  it('attaches Kiali’s health data built from the graph’s edges', () => {
    expect(node(build().graph, ratingsWl).healthData).toEqual({
      workloadStatus: {
        name: 'ratings-v1',
        desiredReplicas: 1,
        currentReplicas: 1,
        availableReplicas: 1,
        syncedProxies: 1,
      },
      requests: {
        inbound: { http: { '200': 5.7, '500': 0.3 } },
        outbound: { tcp: { '-': 1200 } },
        healthAnnotations: {},
      },
    });
  });

  it.each([
    [{ workload: 'reviews-v3' }, ratingsSvc, 'Failure'],
    [ratingsSvc, ratingsWl, 'Degraded'],
    [{ workload: 'reviews-v2' }, ratingsSvc, 'Healthy'],
  ] as const)('judges edge %j → %j as %s, honouring the service’s health annotation', (from, to, status) => {
    expect(edge(build({ injectServiceNodes: true }).graph, from, to).healthStatus).toBe(status);
  });

  it('uses the health.kiali.io/rate annotation for the annotated service', () => {
    const ratings = node(build({ injectServiceNodes: true }).graph, ratingsSvc);
    expect(ratings.hasHealthConfig).toEqual({ 'health.kiali.io/rate': '5XX,20,30,http,inbound' });
    expect(ratings.healthStatus).toBe('Healthy');
  });

  it('gives an app box the health of the whole app', () => {
    const { graph } = build({ graphType: 'versionedApp' });
    const box = node(graph, { nodeType: 'box', app: 'reviews' });
    // v3 alone fails 10% of its calls to ratings; the app as a whole fails 5% (0.3 of 6 rps).
    expect(node(graph, { app: 'reviews', version: 'v3', nodeType: 'app' }).healthStatus).toBe('Failure');
    expect(box.healthStatus).toBe('Degraded');
    expect((box.healthData as { workloadStatuses: unknown[] }).workloadStatuses).toHaveLength(3);
  });

  it('adds no health when the health appender is not requested', () => {
    const { graph } = build({ appenders: ['deadNode'] });
    expect(node(graph, ratingsWl).healthData).toBeNull();
    expect(node(graph, ratingsWl).healthStatus).toBeUndefined();
  });
});

describe('istio appender', () => {
  it('badges service nodes with their VirtualService and circuit breaker, and labels them with their app', () => {
    const { graph } = build({ injectServiceNodes: true });
    expect(node(graph, reviewsSvc)).toMatchObject({
      app: 'reviews',
      hasVS: { hostnames: ['reviews'] },
      hasTrafficShifting: true,
      hasRequestRouting: true,
    });
    expect(node(graph, reviewsSvc).hasCB).toBeUndefined();
    expect(node(graph, ratingsSvc).hasCB).toBe(true);
  });

  it.each([
    ['v1', true],
    ['v2', undefined],
  ] as const)(
    'badges a versioned node of the namespace when its subset (%s) has a circuit breaker',
    (version, hasCB) => {
      const inventory = {
        ...BOOKINFO_INVENTORY,
        services: BOOKINFO_INVENTORY.services.map((s) =>
          s.name === 'ratings'
            ? { ...s, istio: { circuitBreaker: { serviceWide: false, subsetVersions: [version] } } }
            : s,
        ),
      };
      const { graph } = build({ graphType: 'versionedApp' }, BOOKINFO_SERIES, inventory);
      expect(node(graph, { app: 'ratings', version: 'v1', nodeType: 'app' }).hasCB).toBe(hasCB);
    },
  );
});

describe('meshCheck, deadNode and outsider appenders', () => {
  it('flags a workload without a sidecar as out of mesh, but not the control plane’s', () => {
    const { graph } = build();
    expect(node(graph, { workload: 'mongodb-v1' }).isOutOfMesh).toBe(true);
    expect(node(graph, productpage).isOutOfMesh).toBeUndefined();
  });

  it('drops idle nodes whose workload is gone and flags those with no instance', () => {
    const zero = (workload: string): Series[] =>
      requests({
        from: {
          ...PEERS.reviewsV1,
          workloadName: workload,
          labels: { app: 'reviews', version: workload.slice(-2) },
        },
        to: PEERS.ratings,
        service: 'ratings',
        code: 200,
        rate: 0,
      });
    const reviewsV1Workload = BOOKINFO_WORKLOADS.find((w) => w.name === 'reviews-v1');
    if (reviewsV1Workload === undefined) throw new Error('fixture has reviews-v1');
    const inventory = {
      ...BOOKINFO_INVENTORY,
      workloads: [
        ...BOOKINFO_WORKLOADS,
        {
          ...reviewsV1Workload,
          name: 'reviews-v4',
          labels: { app: 'reviews', version: 'v4' },
          currentReplicas: 0,
        },
      ],
    };
    const { graph } = build(
      { includeIdleEdges: true },
      [...BOOKINFO_SERIES, ...zero('reviews-v0'), ...zero('reviews-v4')],
      inventory,
    );
    expect(findNodes(graph, { workload: 'reviews-v0' })).toHaveLength(0);
    expect(node(graph, { workload: 'reviews-v4' }).isDead).toBe(true);
  });

  it('marks nodes of namespaces the caller cannot see as inaccessible', () => {
    const { graph } = build({}, BOOKINFO_SERIES, {
      ...BOOKINFO_INVENTORY,
      accessibleNamespaces: ['bookinfo'],
    });
    expect(node(graph, { workload: 'istio-ingressgateway' }).isInaccessible).toBe(true);
    expect(node(graph, productpage).isInaccessible).toBeUndefined();
  });
});

describe('securityPolicy, responseTime and throughput appenders', () => {
  it('reports the mTLS share and principals of each edge', () => {
    const { graph } = build();
    expect(edge(graph, productpage, details)).toMatchObject({
      isMTLS: '100',
      sourcePrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage',
      destPrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details',
    });
    expect(edge(graph, { nodeType: 'unknown' }, productpage).isMTLS).toBeUndefined();
  });

  it('prefers the destination-reported response time, in whole milliseconds', () => {
    const series = [
      ...BOOKINFO_SERIES,
      ...detailsSeries('istio_request_duration_milliseconds_sum', { source: 300, destination: 252 }),
      ...detailsSeries('istio_request_duration_milliseconds_count', { source: 10, destination: 10 }),
    ];
    const { graph } = build({ responseTime: 'avg' }, series);
    expect(edge(graph, productpage, details).responseTime).toBe('25');
  });

  it('takes the source-reported response time where no destination proxy reported (503 UH)', () => {
    const unserved = (metric: string, rate: number): Series => ({
      metric,
      labels: buildRequestLabels({
        reporter: 'source',
        source: PEERS.productpage,
        destination: undefined,
        destinationService: 'reviews.bookinfo.svc.cluster.local',
        responseFlags: ['UH'],
        mtls: false,
        requestProtocol: 'http',
        responseCode: 503,
      }),
      rate,
    });
    const series = [
      ...BOOKINFO_SERIES,
      unserved('istio_request_duration_milliseconds_sum', 2),
      unserved('istio_request_duration_milliseconds_count', 1),
      // Intra-namespace, reported by both: only the destination's value may show.
      ...detailsSeries('istio_request_duration_milliseconds_sum', { source: 300, destination: 252 }),
      ...detailsSeries('istio_request_duration_milliseconds_count', { source: 10, destination: 10 }),
    ];
    const { graph } = build({ responseTime: 'avg' }, series);
    expect(edge(graph, productpage, { service: 'reviews', namespace: 'unknown' }).responseTime).toBe('2');
    expect(edge(graph, productpage, details).responseTime).toBe('25');
  });

  it.each([
    ['response', '4096'],
    ['request', '512'],
  ] as const)('reports %s throughput in bytes per second', (throughputType, expected) => {
    const series = [
      ...BOOKINFO_SERIES,
      ...detailsSeries('istio_response_bytes_sum', { source: 4000, destination: 4096 }),
      ...detailsSeries('istio_request_bytes_sum', { source: 512, destination: 500 }),
    ];
    expect(edge(build({ throughputType }, series).graph, productpage, details).throughput).toBe(expected);
  });
});
