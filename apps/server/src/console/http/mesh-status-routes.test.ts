/**
 * The mesh status endpoints over real HTTP, probing real servers on port 0: a route server
 * answering `/healthz` as the discovery process does, a Prometheus stand-in answering `buildinfo`
 * through the real client, the embedded trace store; and the same with nothing listening where
 * Prometheus or the control plane should be, which must be data in a 200 answer naming the URL.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { istioStatusSchema, meshProxiesSchema, meshStatusSchema } from '@meshlens/mesh-core/api/mesh-status';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../adapters/prometheus/client/index.ts';
import type { FakePrometheus } from '../../adapters/prometheus/client/testing/fake-prometheus.ts';
import { startFakePrometheus, success } from '../../adapters/prometheus/client/testing/fake-prometheus.ts';
import type { ProxyStatus } from '../../mesh/control-plane/push/protocol.ts';
import { freePort } from '../../net/free-port.ts';
import type { RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import type { RunningTraceStore } from '../../trace-store/index.ts';
import { startTraceStore } from '../../trace-store/index.ts';
import type { MeshStatusDeps } from '../services/mesh-status-service.ts';
import { createMeshStatusService } from '../services/mesh-status-service.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createMeshStatusRouter } from './mesh-status-routes.ts';

const PROXY: ProxyStatus = {
  node: 'sidecar~127.0.0.1~productpage-v1-0.default~default.svc.cluster.local',
  kind: 'sidecar',
  namespace: 'default',
  workload: 'productpage-v1',
  connected: true,
  sent: 'abc',
  acked: 'abc',
  state: 'Synced',
  rejected: undefined,
};

async function serve(deps: MeshStatusDeps): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.use(createMeshStatusRouter({ meshStatus: createMeshStatusService(deps) }));
  app.use(notFoundHandler);
  app.use(consoleErrorHandler());
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: r.status, body: await r.json() };
}

describe('mesh status over HTTP', () => {
  let discovery: RouteServer;
  let prometheus: FakePrometheus;
  let traces: RunningTraceStore;

  beforeAll(async () => {
    discovery = await serveRoutes('127.0.0.1', 0, []);
    prometheus = await startFakePrometheus((r) =>
      r.path === '/api/v1/status/buildinfo'
        ? success({ version: '3.5.0', revision: 'x', branch: 'HEAD' })
        : { status: 404, body: 'no' },
    );
    traces = await startTraceStore({ dbPath: ':memory:', otlpPort: 0, queryPort: 0 });
  });
  afterAll(async () => {
    await Promise.all([discovery.close(), prometheus.close(), traces.close()]);
  });

  function deps(over: Partial<MeshStatusDeps> = {}): MeshStatusDeps {
    return {
      discoveryUrl: discovery.url,
      controlPlaneVersion: '0.1.0',
      proxyStatus: () => Promise.resolve([PROXY]),
      prometheus: new PrometheusClient({ url: prometheus.url, timeoutMs: 2_000, cacheTtlMs: 0 }),
      traceStoreUrl: traces.queryUrl,
      ...over,
    };
  }

  it('reports every component Healthy, with Prometheus’s version and the trace store’s answer', async () => {
    const api = await serve(deps());
    try {
      const { status, body } = await get(`${api.url}/api/mesh/status`);
      expect(status).toBe(200);
      const answer = meshStatusSchema.parse(body);
      expect(answer.status).toBe('Healthy');
      expect(answer.components.controlPlane).toMatchObject({
        status: 'Healthy',
        url: discovery.url,
        version: '0.1.0',
      });
      expect(answer.components.prometheus).toMatchObject({
        status: 'Healthy',
        url: prometheus.url,
        version: '3.5.0',
      });
      expect(answer.components.traceStore).toMatchObject({
        status: 'Healthy',
        url: traces.queryUrl,
        detail: '0 services',
      });
      expect(answer.proxies).toMatchObject({ total: 1, synced: 1 });
    } finally {
      await api.close();
    }
  });

  it('reports an unreachable Prometheus and control plane in a 200 answer naming their URLs', async () => {
    const prometheusUrl = `http://127.0.0.1:${await freePort()}`;
    const discoveryUrl = `http://127.0.0.1:${await freePort()}`;
    const api = await serve(
      deps({
        discoveryUrl,
        prometheus: new PrometheusClient({ url: prometheusUrl, timeoutMs: 2_000, cacheTtlMs: 0 }),
      }),
    );
    try {
      const { status, body } = await get(`${api.url}/api/mesh/status`);
      expect(status).toBe(200);
      const answer = meshStatusSchema.parse(body);
      expect(answer.status).toBe('Unhealthy');
      expect(answer.components.prometheus.status).toBe('Unreachable');
      expect(answer.components.prometheus.url).toBe(prometheusUrl);
      expect(answer.components.prometheus.error).toContain(`Prometheus at ${prometheusUrl} is unreachable`);
      expect(answer.components.controlPlane).toMatchObject({
        status: 'Unreachable',
        error: `the control plane at ${discoveryUrl} is unreachable: ECONNREFUSED`,
      });
      expect(answer.components.traceStore.status).toBe('Healthy');
      // The control plane's proxies are unknown while it is away.
      expect(answer.proxies.total).toBe(0);

      const kiali = istioStatusSchema.parse((await get(`${api.url}/api/istio/status`)).body);
      expect(kiali.map((c) => [c.name, c.status, c.is_core])).toEqual([
        ['istiod', 'Unreachable', true],
        ['prometheus', 'Unreachable', false],
        ['jaeger', 'Healthy', false],
      ]);
      const proxies = await get(`${api.url}/api/mesh/proxies`);
      expect(proxies.status).toBe(200);
      expect(meshProxiesSchema.parse(proxies.body)).toMatchObject({
        controlPlane: { status: 'Unreachable' },
        proxies: [],
      });
    } finally {
      await api.close();
    }
  });

  it('lists the proxies the control plane knows', async () => {
    const api = await serve(deps());
    try {
      const answer = meshProxiesSchema.parse((await get(`${api.url}/api/mesh/proxies`)).body);
      expect(answer.proxies).toEqual([
        {
          node: PROXY.node,
          namespace: 'default',
          workload: 'productpage-v1',
          pod: 'productpage-v1-0',
          kind: 'sidecar',
          connected: true,
          state: 'Synced',
          sent: 'abc',
          acked: 'abc',
        },
      ]);
    } finally {
      await api.close();
    }
  });
});
