import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from '../find/bookinfo-graph.test-support.ts';
import { nodeHealthReasons } from './health-reasons.ts';
import { nodeDetailLinks, nodeGraphPath } from './links.ts';
import { nodeMetricsPath, nodeMetricsQueries, rateParams } from './queries.ts';
import { namespaceTotals, nodeTraffic, percentError, responseRows } from './summary-data.ts';

const graph = bookinfoGraph();
const node = (id: string) => {
  const n = graph.elements.nodes.find((x) => x.data.id === id)?.data;
  if (n === undefined) throw new Error(id);
  return n;
};
const edge = (id: string) => {
  const e = graph.elements.edges.find((x) => x.data.id === id)?.data;
  if (e === undefined) throw new Error(id);
  return e;
};

describe('node traffic', () => {
  it.each([
    ['ratings-v1', { httpIn: 6.7, httpIn5xx: 0.7, httpOut: 0, tcpOut: 1500 }],
    ['reviews-v2', { httpIn: 3.3, httpIn5xx: 0, httpOut: 3.2, tcpOut: 0 }],
    ['productpage-v1', { httpIn: 10, httpIn5xx: 0, httpOut: 19.9, tcpOut: 0 }],
  ])('%s: in from the node, out summed over its edges', (id, want) => {
    const t = nodeTraffic(node(id), graph);
    expect(t.httpIn.total).toBeCloseTo(want.httpIn);
    expect(t.httpIn.r5xx).toBeCloseTo(want.httpIn5xx);
    expect(t.httpOut.total).toBeCloseTo(want.httpOut);
    expect(t.tcpOut).toBeCloseTo(want.tcpOut);
  });

  it('counts 4xx, 5xx and no response as errors', () => {
    expect(percentError(nodeTraffic(node('ratings-v1'), graph).httpIn)).toBeCloseTo(10.45, 1);
  });
});

describe('namespace totals', () => {
  it('sums the traffic each namespace receives, then the whole graph', () => {
    const [bookinfo, istio, all] = namespaceTotals(graph, ['bookinfo', 'istio-system']);
    expect(bookinfo?.http.total).toBeCloseTo(10 + 10 + 9.9 + 3.2 + 3.5);
    expect(bookinfo?.http.r5xx).toBeCloseTo(0.7);
    expect(bookinfo?.tcp).toBe(1500);
    expect(istio?.http.total).toBe(0);
    expect(all?.namespace).toBeUndefined();
  });

  it('counts a request once when a service node sits between caller and workload', () => {
    const injected = structuredClone(graph);
    const into = injected.elements.edges.find((e) => e.data.target === 'productpage-v1');
    if (into === undefined) throw new Error('no edge into productpage-v1');
    injected.elements.nodes.push({
      data: { ...node('productpage-v1'), id: 'svc-productpage', nodeType: 'service', service: 'productpage' },
    });
    injected.elements.edges.push({ data: { ...into.data, id: 'e-svc-pp', source: 'svc-productpage' } });
    into.data.target = 'svc-productpage';
    const [before] = namespaceTotals(graph, ['bookinfo']);
    const [after] = namespaceTotals(injected, ['bookinfo']);
    expect(after?.http.total).toBeCloseTo(before?.http.total ?? -1);
  });
});

describe('response rows', () => {
  it('lists each code and flag with its hosts, largest share first', () => {
    expect(responseRows(edge('e-reviews-v2-ratings'))).toEqual([
      { code: '200', flag: '-', hosts: ['ratings.bookinfo.svc.cluster.local'], percent: 78.1 },
      { code: '503', flag: 'UH', hosts: ['ratings.bookinfo.svc.cluster.local'], percent: 21.9 },
    ]);
  });
});

describe('health reasons', () => {
  it.each([
    ['ratings-v1', { topic: 'Requests', status: 'Failure', text: 'inbound error rate 10.4%' }],
    ['reviews-v2', { topic: 'Replicas', status: 'Degraded', text: 'reviews-v2 1/2 available' }],
    ['details-v1', { topic: 'Proxies', status: 'Degraded', text: 'details-v1 0/1 synced' }],
    ['productpage-v1', { topic: 'Requests', status: 'Healthy', text: 'outbound error rate 0.0%' }],
  ])('%s', (id, reason) => {
    expect(nodeHealthReasons(node(id))).toContainEqual(reason);
  });
});

describe('links and metrics queries', () => {
  it('links a versioned app node to its app, workload, service and node graph', () => {
    expect(nodeDetailLinks(node('reviews-v2')).map((l) => l.path)).toEqual([
      '/namespaces/bookinfo/applications/reviews',
      '/namespaces/bookinfo/workloads/reviews-v2',
      '/namespaces/bookinfo/services/reviews',
    ]);
    expect(nodeGraphPath(node('reviews-v2'), 'versionedApp')).toBe(
      '/graph/node/namespaces/bookinfo/applications/reviews/versions/v2',
    );
    expect(nodeGraphPath(node('reviews-v2'), 'app')).toBe(
      '/graph/node/namespaces/bookinfo/applications/reviews',
    );
  });

  it('asks for inbound (destination reports) and outbound (source reports) metrics of the workload', () => {
    const queries = nodeMetricsQueries(node('reviews-v2'), 600);
    expect(queries.map((q) => [q.kind, q.name, q.direction, q.reporter])).toEqual([
      ['workloads', 'reviews-v2', 'inbound', 'destination'],
      ['workloads', 'reviews-v2', 'outbound', 'source'],
    ]);
    const first = queries[0];
    if (first === undefined) throw new Error('no query');
    const url = new URL(nodeMetricsPath(first), 'http://x');
    expect(url.pathname).toBe('/api/namespaces/bookinfo/workloads/reviews-v2/metrics');
    expect(url.searchParams.getAll('filters[]')).toEqual([
      'request_count',
      'request_error_count',
      'request_duration_millis',
    ]);
    expect(url.searchParams.getAll('quantiles[]')).toEqual(['0.95', '0.99']);
    expect(
      Object.fromEntries(['duration', 'step', 'rateInterval'].map((k) => [k, url.searchParams.get(k)])),
    ).toEqual({
      duration: '600',
      step: '30',
      rateInterval: '30s',
    });
  });

  it('skips inbound for a traffic source and outbound for an outsider that is not one', () => {
    expect(nodeMetricsQueries(node('ingress'), 60).map((q) => q.direction)).toEqual(['outbound']);
    expect(rateParams(3600)).toEqual({ stepSec: 120, rateInterval: '120s' });
  });
});
