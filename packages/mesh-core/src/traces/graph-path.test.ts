import { describe, expect, it } from 'vitest';
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '../api/traces.ts';
import type { GraphEdgeData, GraphJson, GraphNodeData } from '../graph/wire.ts';
import type { GraphType } from '../graph/model.ts';
import { podOfNodeId, traceGraphPath, upstreamHost } from './graph-path.ts';

// Spans as Meshlens' sidecars write them (tags of a real Bookinfo trace from the demo's store).
interface Hop {
  readonly id: string;
  readonly parent?: string;
  readonly kind: 'client' | 'server';
  /** Pod, namespace, app, version of the proxy. */
  readonly proxy: readonly [string, string, string, string];
  readonly upstream?: string;
  readonly gateway?: boolean;
}

const TRACE_ID = '61570e6e49479f13453f4cdae17247da';

function span(hop: Hop): JaegerSpan {
  const [pod, ns, app, version] = hop.proxy;
  const tag = (key: string, value: string): JaegerKeyValue => ({ key, type: 'string', value });
  return {
    traceID: TRACE_ID,
    spanID: hop.id,
    operationName: 'x.default.svc.cluster.local:9080/*',
    references:
      hop.parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: hop.parent }],
    startTime: 1_700_000_000_000_000,
    duration: 1000,
    tags: [
      tag(
        'node_id',
        `${hop.gateway === true ? 'router' : 'sidecar'}~127.0.0.1~${pod}.${ns}~${ns}.svc.cluster.local`,
      ),
      tag('upstream_cluster', hop.upstream ?? 'inbound|9080||'),
      tag('upstream_cluster.name', `${hop.upstream ?? 'inbound|9080||'};`),
      tag('http.status_code', '200'),
      tag('istio.canonical_revision', version),
      tag('istio.canonical_service', app),
      tag('istio.namespace', ns),
      tag('istio.cluster_id', 'Kubernetes'),
      tag('span.kind', hop.kind),
    ],
    logs: [],
    processID: `p-${app}`,
    warnings: null,
  };
}

const out = (svc: string) => `outbound|9080||${svc}.default.svc.cluster.local`;
const GW = ['istio-ingressgateway-0', 'istio-system', 'istio-ingressgateway', 'latest'] as const;
const PP = ['productpage-v1-0', 'default', 'productpage', 'v1'] as const;
const RV2 = ['reviews-v2-7d8f9-x2', 'default', 'reviews', 'v2'] as const;

/** ingress → productpage → details, and productpage → reviews-v2 → ratings. */
const BOOKINFO_HOPS: readonly Hop[] = [
  { id: 'g1', kind: 'client', proxy: GW, upstream: out('productpage'), gateway: true },
  { id: 'p1', parent: 'g1', kind: 'server', proxy: PP },
  { id: 'p2', parent: 'p1', kind: 'client', proxy: PP, upstream: out('details') },
  { id: 'd1', parent: 'p2', kind: 'server', proxy: ['details-v1-0', 'default', 'details', 'v1'] },
  {
    id: 'p3',
    parent: 'p1',
    kind: 'client',
    proxy: PP,
    upstream: 'outbound|9080|v2|reviews.default.svc.cluster.local',
  },
  { id: 'r1', parent: 'p3', kind: 'server', proxy: RV2 },
  { id: 'r2', parent: 'r1', kind: 'client', proxy: RV2, upstream: out('ratings') },
  { id: 'ra1', parent: 'r2', kind: 'server', proxy: ['ratings-v1-0', 'default', 'ratings', 'v1'] },
];

function traceOf(hops: readonly Hop[]): JaegerTrace {
  const processes = Object.fromEntries(
    hops.map((h) => [`p-${h.proxy[2]}`, { serviceName: `${h.proxy[2]}.${h.proxy[1]}`, tags: [] }]),
  );
  return { traceID: TRACE_ID, spans: hops.map(span), processes, warnings: null };
}

// Graphs with readable ids (the real ones are hashes: the path must not rely on their shape).
type NodeSpec = Pick<GraphNodeData, 'id' | 'nodeType'> & Partial<GraphNodeData>;
function graphOf(graphType: GraphType, nodes: readonly NodeSpec[], edges: readonly string[]): GraphJson {
  return {
    timestamp: 0,
    duration: 600,
    graphType,
    elements: {
      nodes: nodes.map((n) => ({
        data: { cluster: 'Kubernetes', namespace: 'default', healthData: null, ...n },
      })),
      edges: edges.map((e) => {
        const [source = '', target = ''] = e.split('>');
        const data: GraphEdgeData = { id: e, source, target, traffic: {} };
        return { data };
      }),
    },
  };
}

const gateway = {
  nodeType: 'app',
  namespace: 'istio-system',
  workload: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
} as const;
const svc = (s: string): NodeSpec => ({ id: `svc-${s}`, nodeType: 'service', service: s });
const vapp = (app: string, v: string): NodeSpec => ({
  id: `${app}-${v}`,
  nodeType: 'app',
  app,
  version: v,
  workload: `${app}-${v}`,
});

/** Bookinfo's versioned-app graph with service nodes, as Kiali draws it. */
const VERSIONED = graphOf(
  'versionedApp',
  [
    { id: 'box-reviews', nodeType: 'box', isBox: 'app', app: 'reviews' },
    { id: 'gw', ...gateway },
    svc('productpage'),
    svc('details'),
    svc('reviews'),
    svc('ratings'),
    vapp('productpage', 'v1'),
    vapp('details', 'v1'),
    vapp('reviews', 'v1'),
    vapp('reviews', 'v2'),
    vapp('ratings', 'v1'),
  ],
  [
    'gw>svc-productpage',
    'svc-productpage>productpage-v1',
    'productpage-v1>svc-details',
    'svc-details>details-v1',
    'productpage-v1>svc-reviews',
    'svc-reviews>reviews-v1',
    'svc-reviews>reviews-v2',
    'reviews-v2>svc-ratings',
    'svc-ratings>ratings-v1',
  ],
);

describe('traceGraphPath', () => {
  it('follows a Bookinfo request through service nodes on the versioned-app graph', () => {
    const path = traceGraphPath(traceOf(BOOKINFO_HOPS), VERSIONED);

    expect(path.nodeIds).toEqual([
      'gw',
      'svc-productpage',
      'svc-details',
      'svc-reviews',
      'svc-ratings',
      'productpage-v1',
      'details-v1',
      'reviews-v2',
      'ratings-v1',
    ]);
    expect(path.edgeIds).toEqual([
      'gw>svc-productpage',
      'svc-productpage>productpage-v1',
      'productpage-v1>svc-details',
      'svc-details>details-v1',
      'productpage-v1>svc-reviews',
      'svc-reviews>reviews-v2',
      'reviews-v2>svc-ratings',
      'svc-ratings>ratings-v1',
    ]);
    expect(path).toMatchObject({ matchedSpans: 8, totalSpans: 8 });
  });

  const cases: readonly { name: string; graph: GraphJson; nodes: string[]; edges: string[] }[] = [
    {
      name: 'app graph: one node per app',
      graph: graphOf(
        'app',
        [
          { id: 'gw', ...gateway },
          { id: 'productpage', nodeType: 'app', app: 'productpage' },
          { id: 'reviews', nodeType: 'app', app: 'reviews' },
          { id: 'ratings', nodeType: 'app', app: 'ratings' },
          { id: 'details', nodeType: 'app', app: 'details' },
        ],
        ['gw>productpage', 'productpage>reviews', 'productpage>details', 'reviews>ratings'],
      ),
      nodes: ['gw', 'productpage', 'reviews', 'ratings', 'details'],
      edges: ['gw>productpage', 'productpage>reviews', 'productpage>details', 'reviews>ratings'],
    },
    {
      name: 'workload graph without service nodes: direct edges, the longest workload prefix of the pod',
      graph: graphOf(
        'workload',
        [
          { id: 'gw', ...gateway, nodeType: 'workload' },
          { id: 'pp', nodeType: 'workload', workload: 'productpage-v1' },
          { id: 'rv', nodeType: 'workload', workload: 'reviews' },
          { id: 'rv2', nodeType: 'workload', workload: 'reviews-v2' },
          { id: 'ra', nodeType: 'workload', workload: 'ratings-v1' },
          { id: 'de', nodeType: 'workload', workload: 'details-v1' },
        ],
        ['gw>pp', 'pp>rv', 'pp>rv2', 'pp>de', 'rv2>ra'],
      ),
      nodes: ['gw', 'pp', 'rv2', 'ra', 'de'],
      edges: ['gw>pp', 'pp>rv2', 'pp>de', 'rv2>ra'],
    },
    {
      name: 'service graph: a server span stands for the service its caller addressed',
      graph: graphOf(
        'service',
        [
          { id: 'gw', ...gateway, nodeType: 'workload' },
          svc('productpage'),
          svc('reviews'),
          svc('ratings'),
          svc('details'),
        ],
        [
          'gw>svc-productpage',
          'svc-productpage>svc-reviews',
          'svc-productpage>svc-details',
          'svc-reviews>svc-ratings',
        ],
      ),
      nodes: ['gw', 'svc-productpage', 'svc-reviews', 'svc-ratings', 'svc-details'],
      edges: [
        'gw>svc-productpage',
        'svc-productpage>svc-reviews',
        'svc-productpage>svc-details',
        'svc-reviews>svc-ratings',
      ],
    },
  ];

  it.each(cases)('$name', ({ graph, nodes, edges }) => {
    const path = traceGraphPath(traceOf(BOOKINFO_HOPS), graph);

    expect([...path.nodeIds].sort()).toEqual([...nodes].sort());
    expect([...path.edgeIds].sort()).toEqual([...edges].sort());
  });

  it('keeps the called service and its edge when the callee wrote no span (a 503 from the caller)', () => {
    const hops = BOOKINFO_HOPS.filter((h) => h.id !== 'ra1');

    const path = traceGraphPath(traceOf(hops), VERSIONED);

    expect(path.nodeIds).toContain('svc-ratings');
    expect(path.nodeIds).not.toContain('ratings-v1');
    expect(path.edgeIds).toContain('reviews-v2>svc-ratings');
    expect(path.edgeIds).not.toContain('svc-ratings>ratings-v1');
  });

  it('places spans whose parent is missing and leaves spans of other namespaces out', () => {
    const hops: Hop[] = [
      { id: 'r1', parent: 'gone', kind: 'server', proxy: RV2 },
      { id: 'x1', kind: 'server', proxy: ['billing-v1-0', 'shop', 'billing', 'v1'] },
    ];

    const path = traceGraphPath(traceOf(hops), VERSIONED);

    expect(path.nodeIds).toEqual(['reviews-v2']);
    expect(path.edgeIds).toEqual([]);
    expect(path).toMatchObject({ matchedSpans: 1, totalSpans: 2 });
  });

  it("places an instrumented app's span by its process name and tags of other types as text", () => {
    const trace: JaegerTrace = {
      traceID: TRACE_ID,
      spans: [
        {
          ...span({ id: 'a1', kind: 'server', proxy: PP }),
          tags: [{ key: 'http.status_code', type: 'int64', value: 200 }],
          processID: 'app',
        },
      ],
      processes: { app: { serviceName: 'details.default', tags: [] } },
      warnings: null,
    };
    const appGraph = graphOf('app', [{ id: 'details', nodeType: 'app', app: 'details' }], []);

    expect(traceGraphPath(trace, appGraph).nodeIds).toEqual(['details']);
  });

  it('matches nothing on an empty graph or an empty trace', () => {
    expect(traceGraphPath(traceOf(BOOKINFO_HOPS), graphOf('app', [], []))).toMatchObject({
      nodeIds: [],
      edgeIds: [],
      matchedSpans: 0,
    });
    expect(traceGraphPath(traceOf([]), VERSIONED)).toMatchObject({ nodeIds: [], totalSpans: 0 });
  });

  it('survives a parent cycle', () => {
    const hops: Hop[] = [
      { id: 'a', parent: 'b', kind: 'server', proxy: PP },
      { id: 'b', parent: 'a', kind: 'client', proxy: PP, upstream: out('details') },
    ];

    expect(traceGraphPath(traceOf(hops), VERSIONED).nodeIds).toEqual(['svc-details', 'productpage-v1']);
  });
});

describe('tag parsing', () => {
  it.each([
    ['outbound|9080||reviews.default.svc.cluster.local', 'reviews.default.svc.cluster.local'],
    ['outbound|9080|v3|ratings.bookinfo.svc.cluster.local;', 'ratings.bookinfo.svc.cluster.local'],
    ['inbound|9080||', undefined],
    ['PassthroughCluster', undefined],
  ])('upstreamHost(%s) is %s', (cluster, host) => {
    expect(upstreamHost(cluster)).toBe(host);
  });

  it.each([
    [
      'sidecar~10.0.0.1~reviews-v1-0.default~default.svc.cluster.local',
      { pod: 'reviews-v1-0', namespace: 'default' },
    ],
    ['router~127.0.0.1~gw-0~x', { pod: 'gw-0' }],
    ['sidecar', undefined],
  ])('podOfNodeId(%s)', (nodeId, expected) => {
    expect(podOfNodeId(nodeId)).toEqual(expected);
  });
});
