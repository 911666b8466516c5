import { appDetailsSchema, appListSchema } from '@meshlens/mesh-core/inventory';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { inventoryServices, ratingsFailing } from '../testing/inventory-services.ts';

const window = { rateIntervalSec: 600, queryTimeSec: 2_000_000_000 };

describe('apps service', () => {
  let state: MeshState;
  beforeAll(async () => {
    state = await bookinfoMeshState();
  });

  it('lists Bookinfo’s apps with their health and routing config', async () => {
    const { apps } = inventoryServices(state, ratingsFailing());
    const body = appListSchema.parse(
      await apps.appList({ namespaces: ['default'], health: true, istioResources: true, ...window }),
    );
    expect(body.applications.map((a) => [a.name, a.health?.status?.status])).toEqual([
      ['details', 'Healthy'],
      ['productpage', 'Healthy'],
      ['ratings', 'Failure'],
      ['reviews', 'Failure'],
    ]);
    const reviews = body.applications.find((a) => a.name === 'reviews');
    expect(reviews?.istioReferences.map((r) => `${r.objectGVK.Kind}/${r.name}`)).toEqual([
      'DestinationRule/reviews',
    ]);
    expect(reviews?.labels).toEqual({ app: 'reviews', version: 'v1,v2,v3' });
  });

  it('details reviews: three workloads with their instances, one service', async () => {
    const { apps } = inventoryServices(state);
    const body = appDetailsSchema.parse(
      await apps.appDetails({
        namespace: 'default',
        name: 'reviews',
        health: false,
        validate: false,
        ...window,
      }),
    );
    expect(body.workloads.map((w) => [w.workloadName, w.pods.map((p) => p.name)])).toEqual([
      ['reviews-v1', ['reviews-v1-0']],
      ['reviews-v2', ['reviews-v2-0']],
      ['reviews-v3', ['reviews-v3-0']],
    ]);
    expect(body.serviceNames).toEqual(['reviews']);
    expect(body.health).toBeUndefined();
  });

  it('answers 404 naming an unknown app or namespace', async () => {
    const { apps } = inventoryServices(state);
    const detail = { health: false, validate: false, ...window };
    await expect(apps.appDetails({ ...detail, namespace: 'default', name: 'nope' })).rejects.toMatchObject({
      reason: 'not-found',
      param: 'app',
    });
    await expect(
      apps.appList({ namespaces: ['default', 'nowhere'], health: false, istioResources: false, ...window }),
    ).rejects.toMatchObject({
      reason: 'not-found',
      param: 'namespaces',
      message: 'Namespace [nowhere] does not exist.',
    });
  });
});
