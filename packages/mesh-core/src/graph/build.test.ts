import { describe, expect, it } from 'vitest';
import { PEERS, requests } from './bookinfo-traffic.test-support.ts';
import { BOOKINFO_SERIES } from './bookinfo-traffic.test-support.ts';
import { build, edge, edges, findNodes, node, rateOf } from './graph.test-support.ts';
import { graphJsonSchema } from './wire.ts';

const productpage = { workload: 'productpage-v1' } as const;
const details = { workload: 'details-v1' } as const;
const ratings = { workload: 'ratings-v1' } as const;
const reviewsV2 = { workload: 'reviews-v2' } as const;
const reviewsV3 = { workload: 'reviews-v3' } as const;

describe('buildGraph: traffic', () => {
  it('draws reviews v2 → ratings v1 with its rate in a versionedApp graph', () => {
    const { graph } = build({ graphType: 'versionedApp' });
    const e = edge(graph, { app: 'reviews', version: 'v2' }, { app: 'ratings', version: 'v1' });
    expect(rateOf(e.traffic.rates, 'http')).toBe(3);
    expect(rateOf(e.traffic.rates, 'httpPercentReq')).toBe(100);
    expect(node(graph, { app: 'ratings', version: 'v1', nodeType: 'app' }).traffic).toEqual([
      { protocol: 'http', rates: { httpIn: '6.00', httpIn5xx: '0.30' } },
      { protocol: 'tcp', rates: { tcpOut: '1200.00' } },
    ]);
  });

  it('counts a request reported by both proxies once', () => {
    const { graph, stats } = build();
    expect(rateOf(edge(graph, productpage, details).traffic.rates, 'http')).toBe(10);
    expect(stats.duplicates).toBeGreaterThan(0);
  });

  it.each([
    ['workload', productpage],
    ['versionedApp', { app: 'productpage', version: 'v1' }],
  ] as const)(
    'splits each source node’s requests into shares that add up to 100 (%s graph)',
    (graphType, source) => {
      const { graph } = build({ graphType });
      const shares = edges(graph, source)
        .filter((e) => e.traffic.protocol === 'http')
        .map((e) => rateOf(e.traffic.rates, 'httpPercentReq') ?? 0);
      expect(shares.length).toBe(5);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
      expect(
        rateOf(
          node(graph, { ...source, nodeType: graphType === 'workload' ? 'workload' : 'app' }).traffic?.[0]
            ?.rates,
          'httpOut',
        ),
      ).toBe(20);
    },
  );

  it('reports 5xx rates, error percentage and responses by code, flags and host', () => {
    const { graph } = build();
    const e = edge(graph, reviewsV3, ratings);
    expect(e.traffic).toEqual({
      protocol: 'http',
      rates: { http: '3.00', http5xx: '0.30', httpPercentErr: '10.0', httpPercentReq: '100.0' },
      responses: {
        '200': { flags: { '-': '90.0' }, hosts: { 'ratings.bookinfo.svc.cluster.local': '90.0' } },
        '500': { flags: { '-': '10.0' }, hosts: { 'ratings.bookinfo.svc.cluster.local': '10.0' } },
      },
    });
  });

  it('shows a failed request only the client saw as no-workload traffic with its flag', () => {
    const { graph } = build();
    const unserved = node(graph, { nodeType: 'service', service: 'reviews', namespace: 'unknown' });
    expect(unserved.isInaccessible).toBe(true);
    const e = edge(graph, productpage, { nodeType: 'service', service: 'reviews', namespace: 'unknown' });
    expect(e.traffic.rates).toMatchObject({ http: '1.00', http5xx: '1.00', httpPercentErr: '100.0' });
    expect(e.traffic.responses?.['503']?.flags).toEqual({ UH: '100.0' });
  });

  it('shows requests from outside the mesh as coming from the unknown node, a root', () => {
    const { graph } = build();
    const unknown = node(graph, { nodeType: 'unknown' });
    expect(unknown).toMatchObject({ isRoot: true, isInaccessible: true, namespace: 'unknown' });
    expect(rateOf(edge(graph, { nodeType: 'unknown' }, productpage).traffic.rates, 'http')).toBe(0.5);
  });

  it('marks the ingress gateway as outside the namespace and a gateway with its hosts', () => {
    const { graph } = build();
    expect(node(graph, { workload: 'istio-ingressgateway' })).toMatchObject({
      isOutside: true,
      isRoot: true,
      isGateway: { ingressInfo: { hostnames: ['*'] }, egressInfo: {}, gatewayAPIInfo: {} },
    });
  });

  it('draws TCP traffic in bytes per second, as sent by the client', () => {
    const { graph } = build();
    const e = edge(graph, ratings, { workload: 'mongodb-v1', protocol: 'tcp' });
    expect(e.traffic).toMatchObject({ protocol: 'tcp', rates: { tcp: '1200.00' } });
    expect(
      build({ rates: { grpc: 'requests', http: 'requests', tcp: 'none' } }).graph.elements.edges.some(
        (x) => x.data.traffic.protocol === 'tcp',
      ),
    ).toBe(false);
  });

  it('produces JSON the console schema accepts, with Kiali’s header fields', () => {
    const { graph } = build({ graphType: 'versionedApp', boxBy: ['namespace'] });
    expect(graphJsonSchema.parse(graph)).toEqual(graph);
    expect(graph).toMatchObject({ timestamp: 1_700_000_000, duration: 600, graphType: 'versionedApp' });
  });
});

describe('buildGraph: idle traffic', () => {
  it.each([
    [false, 0],
    [true, 1],
  ])('includeIdleEdges=%s draws %d edge for a series with no traffic', (includeIdleEdges, count) => {
    const { graph } = build({ includeIdleEdges });
    expect(findNodes(graph, { workload: 'reviews-v1' })).toHaveLength(1);
    const idle = edges(graph, { workload: 'reviews-v1' });
    expect(idle).toHaveLength(count);
    if (count === 1) expect(idle[0]?.traffic).toEqual({ protocol: 'http' });
  });

  it.each([
    [['deadNode'], false],
    [['deadNode', 'idleNode'], true],
  ] as const)('appenders=%j shows a workload without traffic: %s', (appenders, shown) => {
    const series = BOOKINFO_SERIES.filter((s) => s.labels.source_workload !== 'ratings-v1');
    const { graph } = build({ appenders }, series);
    const mongodb = findNodes(graph, { workload: 'mongodb-v1' });
    expect(mongodb.length).toBe(shown ? 1 : 0);
    if (shown) expect(mongodb[0]?.isIdle).toBe(true);
  });
});

describe('buildGraph: service nodes', () => {
  it('injects a service node between a client and the workloads behind the service', () => {
    const { graph } = build({ injectServiceNodes: true });
    const reviews = { nodeType: 'service', service: 'reviews', namespace: 'bookinfo' } as const;
    expect(rateOf(edge(graph, productpage, reviews).traffic.rates, 'http')).toBe(9);
    for (const workload of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
      expect(rateOf(edge(graph, reviews, { workload }).traffic.rates, 'http')).toBe(3);
    }
    expect(edges(graph, productpage, reviewsV2)).toHaveLength(0);
    expect(node(graph, reviews).destServices).toEqual([
      { cluster: 'Kubernetes', namespace: 'bookinfo', name: 'reviews' },
    ]);
  });

  it('reduces a service graph to services and the roots that call them', () => {
    const { graph } = build({ graphType: 'service', injectServiceNodes: true });
    const types = new Set(graph.elements.nodes.map((n) => n.data.nodeType));
    expect([...types].sort()).toEqual(['service', 'unknown', 'workload']);
    const roots = graph.elements.nodes
      .filter((n) => n.data.nodeType !== 'service')
      .map((n) => n.data.workload ?? n.data.nodeType);
    expect(roots.sort()).toEqual(['istio-ingressgateway', 'unknown']);
    const reviews = { nodeType: 'service', service: 'reviews', namespace: 'bookinfo' } as const;
    const e = edge(graph, reviews, { nodeType: 'service', service: 'ratings' });
    expect(e.traffic.rates).toMatchObject({ http: '6.00', http5xx: '0.30', httpPercentErr: '5.0' });
  });
});

describe('buildGraph: boxes', () => {
  it('boxes the versions of an app in a versionedApp graph', () => {
    const { graph } = build({ graphType: 'versionedApp' });
    const box = node(graph, { nodeType: 'box', isBox: 'app', app: 'reviews' });
    const members = graph.elements.nodes.filter((n) => n.data.parent === box.id).map((n) => n.data.version);
    expect(members.sort()).toEqual(['v1', 'v2', 'v3']);
    expect(findNodes(graph, { nodeType: 'box', app: 'ratings' })).toHaveLength(0);
    expect(graph.elements.nodes[0]?.data.nodeType).toBe('box');
  });

  it('boxes by namespace only when there are several namespaces, and a box holds two nodes or more', () => {
    const { graph } = build({ boxBy: ['namespace'] });
    const boxes = findNodes(graph, { nodeType: 'box', isBox: 'namespace' });
    expect(boxes.map((b) => b.namespace)).toEqual(['bookinfo']);
    expect(node(graph, details).parent).toBe(boxes[0]?.id);
    expect(node(graph, { workload: 'istio-ingressgateway' }).parent).toBeUndefined();
    expect(node(graph, { nodeType: 'unknown' }).parent).toBeUndefined();
    const single = build(
      { boxBy: ['namespace'] },
      BOOKINFO_SERIES.filter((s) => s.labels.source_workload !== 'istio-ingressgateway'),
    );
    expect(findNodes(single.graph, { nodeType: 'box' })).toHaveLength(0);
  });
});

describe('buildGraph: a namespace graph of several namespaces', () => {
  it('keeps one copy of each node and of each edge', () => {
    const { graph } = build({ namespaces: ['bookinfo', 'istio-system'] });
    expect(findNodes(graph, { workload: 'istio-ingressgateway' })).toHaveLength(1);
    expect(node(graph, { workload: 'istio-ingressgateway' }).isOutside).toBeUndefined();
    expect(rateOf(edge(graph, { workload: 'istio-ingressgateway' }, productpage).traffic.rates, 'http')).toBe(
      10,
    );
    const ids = graph.elements.edges.map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('buildGraph: gRPC', () => {
  it('keys gRPC responses by gRPC status and counts errors', () => {
    const series = [
      ...requests({
        from: PEERS.productpage,
        to: PEERS.details,
        service: 'details',
        code: 200,
        rate: 4,
        protocol: 'grpc',
        grpcStatus: 0,
      }),
      ...requests({
        from: PEERS.productpage,
        to: PEERS.details,
        service: 'details',
        code: 200,
        rate: 1,
        protocol: 'grpc',
        grpcStatus: 14,
      }),
    ];
    const e = edge(build({}, series).graph, productpage, { ...details, protocol: 'grpc' });
    expect(e.traffic.rates).toMatchObject({ grpc: '5.00', grpcErr: '1.00', grpcPercentErr: '20.0' });
    expect(Object.keys(e.traffic.responses ?? {}).sort()).toEqual(['0', '14']);
  });
});
