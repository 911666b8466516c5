import { istioStatusSchema, meshProxiesSchema, meshStatusSchema } from '@meshlens/mesh-core/api/mesh-status';
import { describe, expect, it } from 'vitest';
import { PrometheusError } from '../../adapters/prometheus/client/index.ts';
import type { ProxyStatus } from '../../mesh/control-plane/push/protocol.ts';
import type { MeshStatusDeps, ProbeResult } from './mesh-status-service.ts';
import { createMeshStatusService, podOfNode } from './mesh-status-service.ts';

const up =
  (body = 'ok\n', status = 200): (() => Promise<ProbeResult>) =>
  () =>
    Promise.resolve({ reached: true, status, body, latencyMs: 1.5 });
const down =
  (error: string): (() => Promise<ProbeResult>) =>
  () =>
    Promise.resolve({ reached: false, error, latencyMs: 2 });

const proxy = (over: Partial<ProxyStatus>): ProxyStatus => ({
  node: 'sidecar~127.0.0.1~reviews-v1-0.default~default.svc.cluster.local',
  kind: 'sidecar',
  namespace: 'default',
  workload: 'reviews-v1',
  connected: true,
  sent: 'r2',
  acked: 'r2',
  state: 'Synced',
  rejected: undefined,
  ...over,
});

const PROXIES: readonly ProxyStatus[] = [
  proxy({}),
  proxy({
    node: 'sidecar~127.0.0.1~ratings-v1-0.default~default.svc.cluster.local',
    workload: 'ratings-v1',
    acked: 'r1',
    state: 'Stale',
    rejected: { revision: 'r2', error: 'listener 0.0.0.0_9080: bad route' },
  }),
  proxy({
    node: 'router~127.0.0.1~gw-0.istio-system~istio-system.svc.cluster.local',
    namespace: 'istio-system',
    kind: 'gateway',
    workload: 'gw',
    connected: false,
  }),
];

function deps(over: Partial<MeshStatusDeps> = {}): MeshStatusDeps {
  return {
    discoveryUrl: 'http://127.0.0.1:15010',
    controlPlaneVersion: '0.1.0',
    probeDiscovery: up(),
    proxyStatus: () => Promise.resolve(PROXIES),
    prometheus: { url: 'http://127.0.0.1:9090', buildInfo: () => Promise.resolve({ version: '3.5.0' }) },
    traceStoreUrl: 'http://127.0.0.1:16686',
    probeTraceStore: up('{"data":["productpage.default","reviews.default"],"total":2}'),
    nowMs: () => 1_800_000_000_000,
    ...over,
  };
}

describe('mesh status service', () => {
  it('reports every component Healthy with its version, and the proxies’ sync', async () => {
    const status = meshStatusSchema.parse(await createMeshStatusService(deps()).meshStatus());
    expect(status.status).toBe('Healthy');
    expect(status.components.controlPlane).toEqual({
      name: 'istiod',
      url: 'http://127.0.0.1:15010',
      status: 'Healthy',
      version: '0.1.0',
      latencyMs: 1.5,
    });
    expect(status.components.prometheus).toMatchObject({ status: 'Healthy', version: '3.5.0' });
    expect(status.components.traceStore).toMatchObject({ status: 'Healthy', detail: '2 services' });
    expect(status.proxies).toEqual({ total: 3, synced: 1, stale: 1, notSent: 0, disconnected: 1 });
    expect(status.checkedAt).toBe(1_800_000_000_000);
  });

  it.each([
    [
      'the control plane down',
      { probeDiscovery: down('ECONNREFUSED') },
      'controlPlane',
      {
        status: 'Unreachable',
        error: 'the control plane at http://127.0.0.1:15010 is unreachable: ECONNREFUSED',
      },
    ],
    [
      'the control plane failing',
      { probeDiscovery: up('boom', 500) },
      'controlPlane',
      { status: 'Unhealthy', error: 'the control plane at http://127.0.0.1:15010 answered 500' },
    ],
    [
      'Prometheus unreachable',
      {
        prometheus: {
          url: 'http://127.0.0.1:9090',
          buildInfo: () =>
            Promise.reject(
              new PrometheusError(
                'upstream',
                'Prometheus at http://127.0.0.1:9090 is unreachable: ECONNREFUSED',
                {
                  url: 'http://127.0.0.1:9090',
                },
              ),
            ),
        },
      },
      'prometheus',
      { status: 'Unreachable', error: 'Prometheus at http://127.0.0.1:9090 is unreachable: ECONNREFUSED' },
    ],
    [
      'the trace store answering something else',
      { probeTraceStore: up('<html>', 200) },
      'traceStore',
      {
        status: 'Unhealthy',
        error: "the trace store at http://127.0.0.1:16686 answered 200 without Jaeger's service list",
      },
    ],
  ] as const)('reports %s as data', async (_name, over, component, expected) => {
    const status = await createMeshStatusService(deps(over)).meshStatus();
    expect(status.status).toBe('Unhealthy');
    expect(status.components[component]).toMatchObject(expected);
  });

  it('answers Kiali’s component list', async () => {
    const list = istioStatusSchema.parse(
      await createMeshStatusService(deps({ probeTraceStore: down('ETIMEDOUT') })).istioStatus(),
    );
    expect(list).toEqual([
      { name: 'istiod', namespace: 'istio-system', status: 'Healthy', is_core: true },
      { name: 'prometheus', namespace: 'istio-system', status: 'Healthy', is_core: false },
      { name: 'jaeger', namespace: 'istio-system', status: 'Unreachable', is_core: false },
    ]);
  });

  it('lists each proxy’s sync, its pod and its last NACK', async () => {
    const { controlPlane, proxies } = meshProxiesSchema.parse(
      await createMeshStatusService(deps()).proxies(),
    );
    expect(controlPlane.status).toBe('Healthy');
    expect(proxies[1]).toEqual({
      node: 'sidecar~127.0.0.1~ratings-v1-0.default~default.svc.cluster.local',
      namespace: 'default',
      workload: 'ratings-v1',
      pod: 'ratings-v1-0',
      kind: 'sidecar',
      connected: true,
      state: 'Stale',
      sent: 'r2',
      acked: 'r1',
      lastNack: { revision: 'r2', error: 'listener 0.0.0.0_9080: bad route' },
    });
    expect(proxies.map((p) => [p.pod, p.kind, p.connected])).toEqual([
      ['reviews-v1-0', 'sidecar', true],
      ['ratings-v1-0', 'sidecar', true],
      ['gw-0', 'gateway', false],
    ]);
  });

  it('leaves the proxies unknown while the control plane is away', async () => {
    const answer = await createMeshStatusService(deps({ probeDiscovery: down('ECONNREFUSED') })).proxies();
    expect(answer.controlPlane.status).toBe('Unreachable');
    expect(answer.proxies).toEqual([]);
  });
});

describe('podOfNode', () => {
  it.each([
    ['sidecar~10.0.0.1~reviews-v1-0.default~default.svc.cluster.local', 'default', 'reviews-v1-0'],
    ['router~10.0.0.1~gw-0.istio-system~istio-system.svc.cluster.local', 'istio-system', 'gw-0'],
    ['reviews-v1-0', 'default', undefined],
    ['sidecar~10.0.0.1~reviews-v1-0.other~other.svc.cluster.local', 'default', undefined],
  ])('%s → %s', (node, namespace, pod) => {
    expect(podOfNode(node, namespace)).toBe(pod);
  });
});
