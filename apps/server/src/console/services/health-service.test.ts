import type { PromSample } from '@meshlens/mesh-core/graph';
import { renderPromQL } from '@meshlens/mesh-core/graph';
import type { HealthKind } from '@meshlens/mesh-core/health';
import { clustersHealthSchema, namespaceHealthQueries } from '@meshlens/mesh-core/health';
import { describe, expect, it } from 'vitest';
import {
  BOOKINFO_APPS,
  BOOKINFO_WORKLOADS,
  bookinfoMeshState,
  instance,
  peer,
  proxy,
  requestSample,
} from '../testing/bookinfo-mesh.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import type { BookinfoMeshOptions } from '../testing/bookinfo-mesh.ts';
import type { HealthRequest } from './health-service.ts';
import { createHealthService } from './health-service.ts';

/** An hour from now: the test mesh's namespaces, created now, existed for the whole range. */
const QUERY_TIME = Math.floor(Date.now() / 1000) + 3600;

/** Raw per-reporter rates, as Kiali's health queries return them. */
const SAMPLES: readonly PromSample[] = [
  requestSample({
    reporter: 'source',
    from: peer('istio-ingressgateway', 'istio-system'),
    to: peer('productpage-v1'),
    rate: 4,
  }),
  requestSample({
    reporter: 'destination',
    from: peer('istio-ingressgateway', 'istio-system'),
    to: peer('productpage-v1'),
    rate: 4,
  }),
  requestSample({ reporter: 'source', from: peer('reviews-v3'), to: peer('ratings-v1'), code: 500, rate: 1 }),
  requestSample({ reporter: 'source', from: peer('reviews-v3'), to: peer('ratings-v1'), rate: 1 }),
];

/** A Prometheus answering each health query of `default` with the samples it would select. */
function prometheusFor(kind: HealthKind): FakePrometheusApi {
  const [first, second] = namespaceHealthQueries({ namespace: 'default', kind, rateIntervalSec: 600 });
  const answers = new Map<string, readonly PromSample[]>();
  if (kind === 'service' && first !== undefined) {
    answers.set(
      renderPromQL(first.expr),
      SAMPLES.filter((s) => s.metric.destination_service_namespace === 'default'),
    );
  } else if (first !== undefined && second !== undefined) {
    const external = (s: PromSample): boolean => s.metric.source_workload_namespace !== 'default';
    answers.set(renderPromQL(first.expr), SAMPLES.filter(external));
    answers.set(
      renderPromQL(second.expr),
      SAMPLES.filter((s) => !external(s)),
    );
  }
  return new FakePrometheusApi((q) => answers.get(q));
}

async function health(
  kind: HealthKind,
  mesh: BookinfoMeshOptions = {},
  request: Partial<HealthRequest> = {},
) {
  const prometheus = prometheusFor(kind);
  const service = createHealthService({ prometheus, mesh: { read: () => bookinfoMeshState(mesh) } });
  const body = await service.clustersHealth({
    namespaces: ['default'],
    kind,
    rateIntervalSec: 600,
    queryTimeSec: QUERY_TIME,
    ...request,
  });
  return { body: clustersHealthSchema.parse(body), prometheus };
}

describe('health service', () => {
  it('reports every app of a namespace with its workloads and request rates, at the query time', async () => {
    const { body, prometheus } = await health('app');
    const apps = body.namespaceAppHealth?.default ?? {};
    expect(Object.keys(apps).sort()).toEqual([...BOOKINFO_APPS]);
    expect(apps.reviews?.workloadStatuses.map((w) => w.name)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(apps.productpage?.requests.inbound).toEqual({ http: { '200': 4 } });
    expect(apps.productpage?.status?.status).toBe('Healthy');
    expect(apps.ratings?.status).toMatchObject({ status: 'Failure', errorRatio: 50 });
    expect(prometheus.calls.map((c) => c.timeSeconds)).toEqual([QUERY_TIME, QUERY_TIME]);
  });

  it.each([
    ['every replica ready and synced', {}, { availableReplicas: 1, syncedProxies: 1 }, 'Healthy'],
    [
      'its only replica not ready',
      { instances: BOOKINFO_WORKLOADS.map(([ns, w]) => instance(ns, w, w !== 'details-v1')) },
      { availableReplicas: 0 },
      'Failure',
    ],
    [
      'its proxy stale',
      { proxies: BOOKINFO_WORKLOADS.map(([ns, w]) => proxy(ns, w, w === 'details-v1' ? 'Stale' : 'Synced')) },
      { availableReplicas: 1, syncedProxies: 0 },
      'Degraded',
    ],
    ['no instance at all', { instances: [] }, { currentReplicas: 0, availableReplicas: 0 }, 'Failure'],
  ] as const)('a workload with %s', async (_name, mesh, status, expected) => {
    const { body } = await health('workload', mesh);
    const details = body.namespaceWorkloadHealth?.default?.['details-v1'];
    expect(details?.workloadStatus).toMatchObject({ name: 'details-v1', desiredReplicas: 1, ...status });
    expect(details?.status?.status).toBe(expected);
  });

  it('reports services by the requests sent to them', async () => {
    const { body } = await health('service');
    const services = body.namespaceServiceHealth?.default ?? {};
    expect(Object.keys(services).sort()).toEqual([...BOOKINFO_APPS]);
    expect(services.ratings?.requests.inbound).toEqual({ http: { '200': 1, '500': 1 } });
  });

  it('covers every namespace of the mesh when none is named', async () => {
    const { body, prometheus } = await health('workload', {}, { namespaces: [] });
    expect(Object.keys(body.namespaceWorkloadHealth ?? {}).sort()).toEqual(['default', 'istio-system']);
    expect(
      body.namespaceWorkloadHealth?.['istio-system']?.['istio-ingressgateway']?.workloadStatus,
    ).toMatchObject({
      syncedProxies: -1,
    });
    expect(prometheus.calls).toHaveLength(4);
  });

  it('refuses a namespace the mesh does not have', async () => {
    await expect(health('app', {}, { namespaces: ['default', 'nope'] })).rejects.toMatchObject({
      reason: 'not-found',
      param: 'namespaces',
    });
  });
});
