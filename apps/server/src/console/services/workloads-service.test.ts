import { workloadDetailsSchema, workloadListSchema } from '@meshlens/mesh-core/inventory';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeshState } from '../inventory/mesh-state.ts';
import { BOOKINFO_WORKLOADS, bookinfoMeshState, proxy } from '../testing/bookinfo-mesh.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { inventoryServices, ratingsFailing } from '../testing/inventory-services.ts';

const window = { rateIntervalSec: 600, queryTimeSec: 2_000_000_000 };
const list = { namespaces: [], health: false, istioResources: true, ...window };

describe('workloads service', () => {
  let state: MeshState;
  beforeAll(async () => {
    state = await bookinfoMeshState({
      proxies: BOOKINFO_WORKLOADS.map(([ns, w]) => {
        const status = proxy(ns, w, w === 'details-v1' ? 'Stale' : 'Synced');
        // reviews-v2's proxy registers with Envoy's node id, as a real sidecar does.
        return w === 'reviews-v2'
          ? { ...status, node: 'sidecar~10.0.0.7~reviews-v2-0.default~default.svc.cluster.local' }
          : status;
      }),
    });
  });

  it('lists every workload of the mesh, without asking Prometheus unless health is asked', async () => {
    const prometheus = new FakePrometheusApi();
    const { workloads } = inventoryServices(state, prometheus);
    const body = workloadListSchema.parse(await workloads.workloadList(list));
    expect(body.workloads.map((w) => `${w.namespace}/${w.name}`)).toEqual(
      BOOKINFO_WORKLOADS.map(([ns, w]) => `${ns}/${w}`).sort((a, b) => a.localeCompare(b)),
    );
    expect(
      body.workloads.find((w) => w.name === 'istio-ingressgateway')?.istioReferences.map((r) => r.name),
    ).toEqual(['bookinfo-gateway']);
    expect(Object.keys(body.validations)).toEqual(['workload']);
    expect(prometheus.calls).toEqual([]);
  });

  it('adds each workload’s health when asked: ratings-v1 fails', async () => {
    const { workloads } = inventoryServices(state, ratingsFailing());
    const body = await workloads.workloadList({ ...list, namespace: 'default', health: true });
    expect(body.namespace).toEqual({ name: 'default' });
    const ratings = body.workloads.find((w) => w.name === 'ratings-v1');
    expect(ratings?.health?.status?.status).toBe('Failure');
  });

  it('details reviews-v2: its pod, Synced, its service; details-v1’s proxy is Stale', async () => {
    const { workloads } = inventoryServices(state);
    const detail = { namespace: 'default', health: true, validate: true, ...window };
    const reviews = workloadDetailsSchema.parse(
      await workloads.workloadDetails({ ...detail, name: 'reviews-v2' }),
    );
    expect(reviews.pods.map((p) => [p.name, p.proxyStatus])).toEqual([
      ['reviews-v2-0', { CDS: 'Synced', EDS: 'Synced', LDS: 'Synced', RDS: 'Synced' }],
    ]);
    expect(reviews).toMatchObject({
      desiredReplicas: 1,
      currentReplicas: 1,
      availableReplicas: 1,
      istioSidecar: true,
    });
    expect(reviews.services.map((s) => s.name)).toEqual(['reviews']);
    expect(reviews.health?.workloadStatus?.syncedProxies).toBe(1);
    expect(reviews.createdAt).not.toBe('');
    const details = await workloads.workloadDetails({ ...detail, name: 'details-v1' });
    expect(details.pods[0]?.proxyStatus?.RDS).toBe('Stale (Never Acknowledged)');
  });

  it('answers 404 naming an unknown workload', async () => {
    const { workloads } = inventoryServices(state);
    await expect(
      workloads.workloadDetails({
        namespace: 'default',
        name: 'reviews-v9',
        health: false,
        validate: false,
        ...window,
      }),
    ).rejects.toMatchObject({
      reason: 'not-found',
      param: 'workload',
      message: 'Workload [reviews-v9] does not exist in namespace [default].',
    });
  });
});
