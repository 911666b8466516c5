import { readFileSync } from 'node:fs';
import type { GraphJson, GraphOptions } from '@meshlens/mesh-core/graph';
import { DEFAULT_GRAPH_OPTIONS, planGraphQueries, renderPromQL } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import { PrometheusError } from '../../adapters/prometheus/client/index.ts';
import { ConsoleError } from '../errors.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { bookinfoMeshState, peer, requestSample } from '../testing/bookinfo-mesh.ts';
import { createGraphService } from './graph-service.ts';

/** An hour from now: the test mesh's namespaces, created now, existed for the whole range. */
const QUERY_TIME = Math.floor(Date.now() / 1000) + 3600;

function options(overrides: Partial<GraphOptions> = {}): GraphOptions {
  return { ...DEFAULT_GRAPH_OPTIONS, namespaces: ['default'], queryTimeSec: QUERY_TIME, ...overrides };
}

/** What the destination proxies of `default` report: calls into the namespace's workloads. */
const INBOUND = [
  requestSample({
    reporter: 'destination',
    from: peer('istio-ingressgateway', 'istio-system'),
    to: peer('productpage-v1'),
    rate: 6,
  }),
  requestSample({ reporter: 'destination', from: peer('productpage-v1'), to: peer('reviews-v2'), rate: 3 }),
  requestSample({ reporter: 'destination', from: peer('productpage-v1'), to: peer('reviews-v3'), rate: 3 }),
  requestSample({ reporter: 'destination', from: peer('reviews-v2'), to: peer('ratings-v1'), rate: 2 }),
  requestSample({ reporter: 'destination', from: peer('reviews-v3'), to: peer('ratings-v1'), rate: 1.5 }),
  requestSample({
    reporter: 'destination',
    from: peer('reviews-v3'),
    to: peer('ratings-v1'),
    code: 503,
    rate: 0.5,
  }),
];

/** A fake Prometheus answering the destination-reported traffic query of `default` with INBOUND. */
function prometheusFor(o: GraphOptions): FakePrometheusApi {
  const inbound = planGraphQueries(o).find((q) => q.id === 'default:traffic:istio_requests_total:1');
  if (inbound === undefined) throw new Error('no inbound query planned');
  const text = renderPromQL(inbound.expr);
  return new FakePrometheusApi((query) => (query === text ? INBOUND : undefined));
}

function appNode(graph: GraphJson, app: string, version: string) {
  const found = graph.elements.nodes.filter(
    (n) => n.data.nodeType === 'app' && n.data.app === app && n.data.version === version,
  );
  expect(found).toHaveLength(1);
  return found[0]?.data;
}

describe('graph service', () => {
  it('runs every planned query at the query time, all at once, and draws the traffic', async () => {
    const o = options({ graphType: 'versionedApp' });
    const prometheus = prometheusFor(o);
    const graph = await createGraphService({
      prometheus,
      mesh: { read: () => bookinfoMeshState() },
    }).namespaceGraph(o);

    const plan = planGraphQueries(o);
    expect(prometheus.calls.map((c) => c.query).sort()).toEqual(plan.map((q) => renderPromQL(q.expr)).sort());
    expect(prometheus.calls.every((c) => c.timeSeconds === QUERY_TIME)).toBe(true);
    expect(prometheus.maxInFlight).toBe(plan.length);

    const v2 = appNode(graph, 'reviews', 'v2');
    const v3 = appNode(graph, 'reviews', 'v3');
    const ratings = appNode(graph, 'ratings', 'v1');
    const edge = graph.elements.edges.find((e) => e.data.source === v2?.id && e.data.target === ratings?.id);
    expect(edge?.data.traffic.rates).toMatchObject({ http: '2.00', httpPercentReq: '100.0' });
    const fromV3 = graph.elements.edges.find(
      (e) => e.data.source === v3?.id && e.data.target === ratings?.id,
    );
    expect(fromV3?.data.traffic.rates).toMatchObject({
      http: '2.00',
      http5xx: '0.50',
      httpPercentErr: '25.0',
    });
    expect(graph).toMatchObject({ timestamp: QUERY_TIME, duration: 600, graphType: 'versionedApp' });
  });

  it('badges service nodes from the stored VirtualServices and DestinationRules', async () => {
    const shift = readFileSync(
      new URL(
        '../../../../../third_party/istio/bookinfo/networking/virtual-service-reviews-50-v3.yaml',
        import.meta.url,
      ),
      'utf8',
    );
    const o = options({ injectServiceNodes: true });
    const mesh = { read: () => bookinfoMeshState({ extra: [['vs.yaml', shift]] }) };
    const graph = await createGraphService({ prometheus: prometheusFor(o), mesh }).namespaceGraph(o);
    const reviews = graph.elements.nodes.find(
      (n) => n.data.nodeType === 'service' && n.data.service === 'reviews',
    );
    expect(reviews?.data).toMatchObject({
      hasVS: { hostnames: ['reviews'] },
      hasRequestRouting: true,
      hasTrafficShifting: true,
    });
    const gateway = graph.elements.nodes.find((n) => n.data.workload === 'istio-ingressgateway');
    expect(gateway?.data.isGateway).toMatchObject({ ingressInfo: { hostnames: ['*'] } });
  });

  it('refuses a namespace the mesh does not have, before asking Prometheus', async () => {
    const prometheus = new FakePrometheusApi();
    const service = createGraphService({ prometheus, mesh: { read: () => bookinfoMeshState() } });
    const error = await service
      .namespaceGraph(options({ namespaces: ['default', 'nope'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({
      reason: 'not-found',
      param: 'namespaces',
      message: 'Namespace [nope] does not exist.',
    });
    expect(prometheus.calls).toEqual([]);
  });

  it.each([
    ['created 60 s before the query time: the range is shortened to 60 s', QUERY_TIME - 60, '[60s]'],
    ['created an hour before: the requested 600 s', QUERY_TIME - 3600, '[600s]'],
  ])('a namespace %s', async (_name, createdSec, range) => {
    const base = await bookinfoMeshState();
    const state: MeshState = { ...base, namespaceCreatedSec: new Map([['default', createdSec]]) };
    const prometheus = new FakePrometheusApi();
    await createGraphService({ prometheus, mesh: { read: () => Promise.resolve(state) } }).namespaceGraph(
      options(),
    );
    expect(prometheus.calls.length).toBeGreaterThan(0);
    expect(prometheus.calls.every((c) => c.query.includes(range))).toBe(true);
  });

  it('refuses a query time before the namespace existed, naming queryTime', async () => {
    const base = await bookinfoMeshState();
    const state: MeshState = { ...base, namespaceCreatedSec: new Map([['default', QUERY_TIME + 1]]) };
    const service = createGraphService({
      prometheus: new FakePrometheusApi(),
      mesh: { read: () => Promise.resolve(state) },
    });
    await expect(service.namespaceGraph(options())).rejects.toMatchObject({
      reason: 'input',
      param: 'queryTime',
    });
  });

  it('fails with the Prometheus error when a query fails', async () => {
    const down = new PrometheusError(
      'upstream',
      'Prometheus at http://127.0.0.1:9 is unreachable: ECONNREFUSED',
      {
        url: 'http://127.0.0.1:9',
      },
    );
    const service = createGraphService({
      prometheus: new FakePrometheusApi(() => down),
      mesh: { read: () => bookinfoMeshState() },
    });
    await expect(service.namespaceGraph(options())).rejects.toBe(down);
  });
});
