/**
 * The config editor's endpoints through the whole console app (every router in its order, the
 * inventory's `/api/namespaces/{namespace}/…` ones included) over a real config store: no other
 * route answers the snapshot, dry-run, revisions or rollback paths first.
 */
import { istioConfigDetailsSchema } from '@meshlens/mesh-core/api/istio-config';
import {
  configRevisionsSchema,
  validationSnapshotSchema,
} from '@meshlens/mesh-core/api/istio-config-editing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../mesh/control-plane/config-store/index.ts';
import type { TempDir } from '../../mesh/control-plane/config-store/test-support.ts';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
  istioSample,
  tempDir,
} from '../../mesh/control-plane/config-store/test-support.ts';
import type { RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import { createAppsService } from '../services/apps-service.ts';
import { createGraphService } from '../services/graph-service.ts';
import { createHealthService } from '../services/health-service.ts';
import { createIstioConfigService } from '../services/istio-config-service.ts';
import { createNamespacesService } from '../services/namespaces-service.ts';
import { createObjectHealthService } from '../services/object-health-service.ts';
import { createServicesService } from '../services/services-service.ts';
import { createWorkloadsService } from '../services/workloads-service.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { consoleRoute, createConsoleApp } from './console-app.ts';

const REVIEWS = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews';
const REVIEWS_V3 = istioSample('bookinfo/networking/virtual-service-reviews-v3.yaml').text;

describe('the config editor’s endpoints in the console app', () => {
  let dir: TempDir;
  let store: ConfigStore;
  let server: RouteServer;

  beforeAll(async () => {
    dir = tempDir();
    store = ConfigStore.open(dir.path);
    for (const path of [bookinfoPlatform, bookinfoDestinationRules]) {
      const { file, text } = istioSample(path);
      store.applyText(text, file, { namespace: 'bookinfo' });
    }
    const state = await bookinfoMeshState();
    const mesh = { read: () => Promise.resolve(state) };
    const prometheus = new FakePrometheusApi(() => undefined);
    const app = createConsoleApp({
      graph: createGraphService({ prometheus, mesh }),
      health: createHealthService({ prometheus, mesh }),
      inventory: {
        namespaces: createNamespacesService({ mesh }),
        apps: createAppsService({ prometheus, mesh }),
        workloads: createWorkloadsService({ prometheus, mesh }),
        services: createServicesService({ prometheus, mesh }),
        objectHealth: createObjectHealthService({ prometheus, mesh }),
      },
      istioConfig: createIstioConfigService({ store }),
    });
    server = await serveRoutes('127.0.0.1', 0, [consoleRoute(app)]);
  });
  afterAll(async () => {
    await server.close();
    store.close();
    dir.remove();
  });

  const call = async (method: string, path: string, body?: string) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  it('serves the snapshot, a dry run, the revisions and a rollback', async () => {
    const snapshot = await call('GET', '/api/istio/validation-snapshot');
    expect(snapshot.status).toBe(200);
    expect(validationSnapshotSchema.parse(snapshot.body).registry.services).toHaveLength(4);

    const dryRun = await call(
      'POST',
      '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService?dryRun=true',
      REVIEWS_V3,
    );
    expect(dryRun.status).toBe(200);
    expect(store.get({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' })).toBeUndefined();

    const created = await call(
      'POST',
      '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService',
      REVIEWS_V3,
    );
    const version = istioConfigDetailsSchema.parse(created.body).resource.metadata.resourceVersion ?? '';
    await call('DELETE', REVIEWS);

    const revisions = await call('GET', `${REVIEWS}/revisions`);
    expect(revisions.status).toBe(200);
    expect(configRevisionsSchema.parse(revisions.body).revisions.map((r) => r.operation)).toEqual([
      'create',
      'delete',
    ]);

    const rollback = await call('POST', `${REVIEWS}/rollback?revision=${version}`);
    expect(rollback.status).toBe(200);
    expect(istioConfigDetailsSchema.parse(rollback.body).resource.metadata.name).toBe('reviews');
  });
});
