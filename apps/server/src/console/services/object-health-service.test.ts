import { appHealthSchema, serviceHealthSchema, workloadHealthSchema } from '@meshlens/mesh-core/health';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { inventoryServices, ratingsFailing } from '../testing/inventory-services.ts';

const window = { rateIntervalSec: 600, queryTimeSec: 2_000_000_000 };

describe('object health', () => {
  let state: MeshState;
  beforeAll(async () => {
    state = await bookinfoMeshState();
  });

  it('judges ratings, answering only 500s, a Failure as app, workload and service', async () => {
    const { objectHealth } = inventoryServices(state, ratingsFailing());
    const request = { namespace: 'default', ...window };
    const app = appHealthSchema.parse(await objectHealth.appHealth({ ...request, name: 'ratings' }));
    const workload = workloadHealthSchema.parse(
      await objectHealth.workloadHealth({ ...request, name: 'ratings-v1' }),
    );
    const service = serviceHealthSchema.parse(
      await objectHealth.serviceHealth({ ...request, name: 'ratings' }),
    );
    for (const health of [app, workload, service]) {
      expect(health.status).toMatchObject({ status: 'Failure', errorRatio: 100 });
    }
    expect(workload.requests.inbound).toEqual({ http: { '500': 4 } });
    expect(workload.workloadStatus).toMatchObject({
      name: 'ratings-v1',
      desiredReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('is Healthy without errors, and NA-free replica status for reviews’ three workloads', async () => {
    const { objectHealth } = inventoryServices(state);
    const app = await objectHealth.appHealth({ namespace: 'default', name: 'reviews', ...window });
    expect(app.workloadStatuses.map((w) => w.name)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(app.status?.status).toBe('Healthy');
  });

  it('queries Prometheus at the query time over the rate interval, shortened to the namespace’s life', async () => {
    const prometheus = new FakePrometheusApi();
    const { objectHealth } = inventoryServices(state, prometheus);
    const createdSec = state.namespaceCreatedSec.get('default') ?? 0;
    await objectHealth.serviceHealth({
      namespace: 'default',
      name: 'ratings',
      rateIntervalSec: 600,
      queryTimeSec: createdSec + 120,
    });
    expect(prometheus.calls.map((c) => c.timeSeconds)).toEqual([createdSec + 120]);
    expect(prometheus.calls[0]?.query).toContain('[120s]');
  });

  it.each([
    {
      kind: 'appHealth',
      name: 'nope',
      message: 'App [nope] does not exist in namespace [default].',
      param: 'app',
    },
    {
      kind: 'workloadHealth',
      name: 'reviews-v9',
      message: 'Workload [reviews-v9] does not exist in namespace [default].',
      param: 'workload',
    },
    {
      kind: 'serviceHealth',
      name: 'nope',
      message: 'Service [nope] does not exist in namespace [default].',
      param: 'service',
    },
  ] as const)('answers 404 naming an unknown $param', async ({ kind, name, message, param }) => {
    const { objectHealth } = inventoryServices(state);
    const error = await objectHealth[kind]({ namespace: 'default', name, ...window }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ reason: 'not-found', message, param });
  });

  it('answers 404 naming an unknown namespace', async () => {
    const { objectHealth } = inventoryServices(state);
    await expect(
      objectHealth.appHealth({ namespace: 'nowhere', name: 'reviews', ...window }),
    ).rejects.toMatchObject({
      reason: 'not-found',
      message: 'Namespace [nowhere] does not exist.',
      param: 'namespace',
    });
  });
});
