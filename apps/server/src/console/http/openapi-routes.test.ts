/**
 * The OpenAPI document against the app that serves it: a valid OpenAPI 3.0 document (checked
 * with the OpenAPI Initiative's schema), every route the console mounts described in it, and
 * nothing described that no route serves.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJaegerApi } from '../../adapters/jaeger/testing/fake-jaeger-api.ts';
import { ConfigStore } from '../../mesh/control-plane/config-store/index.ts';
import type { TempDir } from '../../mesh/control-plane/config-store/test-support.ts';
import { tempDir } from '../../mesh/control-plane/config-store/test-support.ts';
import type { RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import { consoleRoute, createConsoleApp } from '../http/console-app.ts';
import { createAppsService } from '../services/apps-service.ts';
import { createGraphService } from '../services/graph-service.ts';
import { createHealthService } from '../services/health-service.ts';
import { createIstioConfigService } from '../services/istio-config-service.ts';
import { createLogsService } from '../services/logs-service.ts';
import { createMeshStatusService } from '../services/mesh-status-service.ts';
import { createMetricsService } from '../services/metrics-service.ts';
import { createNamespacesService } from '../services/namespaces-service.ts';
import { createObjectHealthService } from '../services/object-health-service.ts';
import { createServicesService } from '../services/services-service.ts';
import { createTracesService } from '../services/traces-service.ts';
import { createTracingSearchService } from '../services/tracing-search-service.ts';
import { createWorkloadsService } from '../services/workloads-service.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { FakePrometheusApi } from '../testing/fake-prometheus-api.ts';
import { fakeLogSource } from '../testing/logs-fake-source.ts';
import { FakeRangePrometheus } from '../testing/metrics-fake-prometheus.ts';

/** `METHOD /path/{param}` for every route in an Express 5 app, nested routers included. */
function servedRoutes(app: Express): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const out: string[] = [];
  const walk = (stack: readonly Layer[]): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        const path = layer.route.path.replace(/:([A-Za-z]+)/g, '{$1}');
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on) out.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack !== undefined) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('the OpenAPI document', () => {
  let dir: TempDir;
  let store: ConfigStore;
  let app: Express;
  let server: RouteServer;

  beforeAll(async () => {
    dir = tempDir();
    store = ConfigStore.open(dir.path);
    const state = await bookinfoMeshState();
    const mesh = { read: () => Promise.resolve(state) };
    const prometheus = new FakePrometheusApi(() => undefined);
    app = createConsoleApp({
      graph: createGraphService({ prometheus, mesh }),
      health: createHealthService({ prometheus, mesh }),
      inventory: {
        namespaces: createNamespacesService({ mesh }),
        apps: createAppsService({ prometheus, mesh }),
        workloads: createWorkloadsService({ prometheus, mesh }),
        services: createServicesService({ prometheus, mesh }),
        objectHealth: createObjectHealthService({ prometheus, mesh }),
      },
      metrics: createMetricsService({ prometheus: new FakeRangePrometheus(), mesh }),
      traces: createTracesService({ jaeger: createFakeJaegerApi(), mesh }),
      tracingSearch: createTracingSearchService({ jaeger: createFakeJaegerApi() }),
      istioConfig: createIstioConfigService({ store }),
      logs: createLogsService({ source: fakeLogSource({ pods: [] }) }),
      meshStatus: createMeshStatusService({
        discoveryUrl: 'http://127.0.0.1:1',
        proxyStatus: () => Promise.resolve([]),
        prometheus: { url: 'http://127.0.0.1:1', buildInfo: () => Promise.reject(new Error('down')) },
        traceStoreUrl: 'http://127.0.0.1:1',
      }),
    });
    server = await serveRoutes('127.0.0.1', 0, [consoleRoute(app)]);
  });
  afterAll(async () => {
    await server.close();
    store.close();
    dir.remove();
  });

  async function document(): Promise<{ paths: Record<string, Record<string, unknown>> }> {
    const r = await fetch(`${server.url}/api/openapi.json`);
    expect(r.status).toBe(200);
    return (await r.json()) as { paths: Record<string, Record<string, unknown>> };
  }

  it('is a valid OpenAPI 3.0 document', async () => {
    const result = await new Validator().validate(await document());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes exactly the routes the console serves', async () => {
    const doc = await document();
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...new Set(servedRoutes(app))].sort()).toEqual(described.sort());
  });
});
