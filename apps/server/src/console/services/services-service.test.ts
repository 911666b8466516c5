import { serviceDetailsSchema, serviceListSchema } from '@meshlens/mesh-core/inventory';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { inventoryServices, ratingsFailing } from '../testing/inventory-services.ts';

const window = { rateIntervalSec: 600, queryTimeSec: 2_000_000_000 };
const PORT_NOT_EXPOSED = `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: default}
spec:
  selector: {app: legacy}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy, namespace: default, labels: {app: legacy}}
spec:
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers: [{name: legacy, image: legacy:1, ports: [{containerPort: 8080}]}]
`;

describe('services service', () => {
  let state: MeshState;
  beforeAll(async () => {
    state = await bookinfoMeshState({ extra: [['legacy.yaml', PORT_NOT_EXPOSED]] });
  });

  it('lists services with their health, ports and validation', async () => {
    const { services } = inventoryServices(state, ratingsFailing());
    const body = serviceListSchema.parse(
      await services.serviceList({ namespaces: ['default'], health: true, istioResources: true, ...window }),
    );
    expect(body.services.map((s) => s.name)).toEqual([
      'details',
      'legacy',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const ratings = body.services.find((s) => s.name === 'ratings');
    expect(ratings).toMatchObject({ ports: { http: 9080 }, selector: { app: 'ratings' } });
    expect(ratings?.health?.status?.status).toBe('Failure');
    expect(body.validations.service?.['legacy.default']).toMatchObject({
      valid: true,
      checks: [{ code: 'KIA0701', severity: 'warning' }],
    });
  });

  it('details reviews: endpoints of ready instances, workloads, DestinationRule, mTLS', async () => {
    const withOneDown = {
      ...state,
      instances: state.instances.map((i) => (i.workload === 'reviews-v3' ? { ...i, ready: false } : i)),
    };
    const { services } = inventoryServices(withOneDown);
    const body = serviceDetailsSchema.parse(
      await services.serviceDetails({
        namespace: 'default',
        name: 'reviews',
        health: false,
        validate: true,
        ...window,
      }),
    );
    expect(body.endpoints[0]?.addresses.map((a) => a.name)).toEqual(['reviews-v1-0', 'reviews-v2-0']);
    expect(body.workloads.map((w) => w.name)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(body.destinationRules.map((d) => d.metadata.name)).toEqual(['reviews']);
    expect(body.virtualServices).toEqual([]);
    expect(body.namespaceMTLS).toMatchObject({ status: 'MTLS_NOT_ENABLED', namespace: 'default' });
    expect(Object.keys(body.validations)).toContain('networking.istio.io/v1, Kind=DestinationRule');
  });

  it('answers 404 naming an unknown service', async () => {
    const { services } = inventoryServices(state);
    await expect(
      services.serviceDetails({
        namespace: 'default',
        name: 'nope',
        health: false,
        validate: false,
        ...window,
      }),
    ).rejects.toMatchObject({ reason: 'not-found', param: 'service' });
  });
});
