/**
 * Bookinfo as the console's tests see it: the demo `meshlens start` installs, applied to a real
 * config store in a temporary directory and read back through `localMeshState` (the production
 * adapter), with every replica running and every proxy Synced unless a test says otherwise; and
 * `istio_requests_total` samples with the labels Meshlens' sidecars report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PromSample } from '@meshlens/mesh-core/graph';
import { ConfigStore } from '../../mesh/control-plane/config-store/index.ts';
import type { ProxyStatus } from '../../mesh/control-plane/push/protocol.ts';
import { bookinfoDemo } from '../../mesh/platform/demo.ts';
import type { MeshState, PlatformInstance } from '../inventory/mesh-state.ts';
import { localMeshState } from '../inventory/mesh-state.ts';

/** Every Deployment of the demo: `[namespace, workload]`. */
export const BOOKINFO_WORKLOADS = [
  ['default', 'details-v1'],
  ['default', 'productpage-v1'],
  ['default', 'ratings-v1'],
  ['default', 'reviews-v1'],
  ['default', 'reviews-v2'],
  ['default', 'reviews-v3'],
  ['istio-system', 'istio-ingressgateway'],
] as const;

export const BOOKINFO_APPS = ['details', 'productpage', 'ratings', 'reviews'] as const;

const running = { state: 'running' } as const;

export function instance(namespace: string, workload: string, ready = true): PlatformInstance {
  return {
    namespace,
    workload,
    pod: `${workload}-0`,
    appProblem: undefined,
    sidecar: ready ? running : { state: 'backoff' },
    app: running,
  };
}

export function proxy(
  namespace: string,
  workload: string,
  state: ProxyStatus['state'] = 'Synced',
): ProxyStatus {
  return {
    node: `${workload}-0.${namespace}`,
    kind: workload === 'istio-ingressgateway' ? 'gateway' : 'sidecar',
    namespace,
    workload,
    connected: true,
    sent: '1',
    acked: state === 'Synced' ? '1' : undefined,
    state,
    rejected: undefined,
  };
}

export interface BookinfoMeshOptions {
  /** More YAML applied after the demo: `[file, text]`. */
  readonly extra?: ReadonlyArray<readonly [string, string]>;
  readonly instances?: readonly PlatformInstance[];
  readonly proxies?: readonly ProxyStatus[];
}

export async function bookinfoMeshState(options: BookinfoMeshOptions = {}): Promise<MeshState> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-console-'));
  const store = ConfigStore.open(dir);
  try {
    for (const [file, text] of [...bookinfoDemo(), ...(options.extra ?? [])]) {
      const result = store.applyText(text, file);
      if (result.status === 'refused')
        throw new Error(`${file} was refused: ${JSON.stringify(result.findings)}`);
    }
    const source = localMeshState({
      store,
      platform: {
        instances: () => options.instances ?? BOOKINFO_WORKLOADS.map(([ns, w]) => instance(ns, w)),
      },
      proxyStatus: () =>
        Promise.resolve(options.proxies ?? BOOKINFO_WORKLOADS.map(([ns, w]) => proxy(ns, w))),
    });
    return await source.read();
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Peer {
  readonly namespace: string;
  readonly workload: string;
  readonly app: string;
  readonly version: string;
}

export const peer = (workload: string, namespace = 'default'): Peer => {
  const [app = workload, version = 'unknown'] = workload.split(/-(?=v\d+$)/);
  return { namespace, workload, app, version };
};

/** One `sum by (…)` sample of `istio_requests_total` between two workloads, in requests/s. */
export function requestSample(options: {
  readonly reporter: 'source' | 'destination';
  readonly from: Peer;
  readonly to: Peer;
  readonly code?: number;
  readonly rate: number;
}): PromSample {
  const { from, to } = options;
  const service = `${to.app}.${to.namespace}.svc.cluster.local`;
  return {
    metric: {
      reporter: options.reporter,
      source_cluster: 'Kubernetes',
      source_workload_namespace: from.namespace,
      source_workload: from.workload,
      source_canonical_service: from.app,
      source_canonical_revision: from.version,
      destination_cluster: 'Kubernetes',
      destination_service_namespace: to.namespace,
      destination_service: service,
      destination_service_name: to.app,
      destination_workload_namespace: to.namespace,
      destination_workload: to.workload,
      destination_canonical_service: to.app,
      destination_canonical_revision: to.version,
      request_protocol: 'http',
      response_code: String(options.code ?? 200),
      response_flags: '-',
    },
    value: options.rate,
  };
}
