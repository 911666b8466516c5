/**
 * The mesh status use case: probes the control plane (the discovery process's `/healthz`),
 * Prometheus (`buildinfo`, through the console's client) and the trace store (Jaeger's
 * `/api/services`) at once, each timed, and reports each as Kiali's status words — `Healthy`;
 * `Unreachable` when nothing answered (refused, reset, timed out), with the URL tried and why;
 * `Unhealthy` when it answered something other than its API's answer. A down component is data,
 * never an exception. Also the proxies' config sync, from the control plane's proxy status.
 */
import type {
  ComponentHealth,
  IstioComponentStatusJson,
  MeshProxiesJson,
  MeshStatusJson,
  ProxySyncJson,
} from '@meshlens/mesh-core/api/mesh-status';
import type { PrometheusApi } from '../../adapters/prometheus/client/index.ts';
import { PrometheusError } from '../../adapters/prometheus/client/index.ts';
import type { ProxyStatus } from '../../mesh/control-plane/push/protocol.ts';
import { DEFAULT_ROOT_NAMESPACE } from '../inventory/mesh-state.ts';

/** What one HTTP probe saw. */
export type ProbeResult =
  | { readonly reached: true; readonly status: number; readonly body: string; readonly latencyMs: number }
  | { readonly reached: false; readonly error: string; readonly latencyMs: number };

export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

/** Why a fetch got no answer, in words: the socket error's code when there is one. */
function reasonOf(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    if (typeof cause === 'object' && cause !== null) {
      const { code, message } = cause as { code?: unknown; message?: unknown };
      if (typeof code === 'string') return code;
      if (typeof message === 'string') return message;
    }
    return e.name === 'TimeoutError' ? 'no answer in time' : e.message;
  }
  return String(e);
}

/** GET `url`, timed; an answer of any status is `reached`. */
export async function httpProbe(url: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const started = performance.now();
  const latency = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await r.text();
    return { reached: true, status: r.status, body, latencyMs: latency() };
  } catch (e) {
    return { reached: false, error: reasonOf(e), latencyMs: latency() };
  }
}

export interface MeshStatusDeps {
  /** The discovery process's base URL. */
  readonly discoveryUrl: string;
  /** Its version: the discovery process is this build of Meshlens. */
  readonly controlPlaneVersion?: string;
  /** Default: `GET <discoveryUrl>/healthz`. */
  readonly probeDiscovery?: () => Promise<ProbeResult>;
  readonly proxyStatus: () => Promise<readonly ProxyStatus[]>;
  readonly prometheus: Pick<PrometheusApi, 'buildInfo' | 'url'>;
  /** The trace store's Jaeger query base URL (its API under `/api`). */
  readonly traceStoreUrl: string;
  readonly traceStoreVersion?: string;
  /** Default: `GET <traceStoreUrl>/api/services`. */
  readonly probeTraceStore?: () => Promise<ProbeResult>;
  /** Where Kiali reports components (default `istio-system`). */
  readonly rootNamespace?: string;
  readonly nowMs?: () => number;
}

export interface MeshStatusService {
  meshStatus(): Promise<MeshStatusJson>;
  istioStatus(): Promise<IstioComponentStatusJson[]>;
  proxies(): Promise<MeshProxiesJson>;
}

function controlPlaneHealth(deps: MeshStatusDeps, probe: ProbeResult): ComponentHealth {
  const base = {
    name: 'istiod',
    url: deps.discoveryUrl,
    latencyMs: probe.latencyMs,
    ...(deps.controlPlaneVersion === undefined ? {} : { version: deps.controlPlaneVersion }),
  };
  if (!probe.reached) {
    return {
      ...base,
      status: 'Unreachable',
      error: `the control plane at ${deps.discoveryUrl} is unreachable: ${probe.error}`,
    };
  }
  if (probe.status !== 200) {
    return {
      ...base,
      status: 'Unhealthy',
      error: `the control plane at ${deps.discoveryUrl} answered ${probe.status}`,
    };
  }
  return { ...base, status: 'Healthy' };
}

async function prometheusHealth(prometheus: MeshStatusDeps['prometheus']): Promise<ComponentHealth> {
  const started = performance.now();
  const base = { name: 'prometheus', url: prometheus.url };
  const latencyMs = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const info = await prometheus.buildInfo();
    return { ...base, status: 'Healthy', version: info.version, latencyMs: latencyMs() };
  } catch (e) {
    const unreachable = e instanceof PrometheusError && e.reason === 'upstream';
    const error = e instanceof Error ? e.message : String(e);
    return { ...base, status: unreachable ? 'Unreachable' : 'Unhealthy', error, latencyMs: latencyMs() };
  }
}

/** How many services a Jaeger `/api/services` answer lists, or undefined if it is not one. */
function jaegerServices(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const data =
      typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
    return Array.isArray(data) ? data.length : undefined;
  } catch {
    return undefined;
  }
}

function traceStoreHealth(deps: MeshStatusDeps, probe: ProbeResult): ComponentHealth {
  const url = deps.traceStoreUrl;
  const base = {
    name: 'jaeger',
    url,
    latencyMs: probe.latencyMs,
    ...(deps.traceStoreVersion === undefined ? {} : { version: deps.traceStoreVersion }),
  };
  if (!probe.reached) {
    return {
      ...base,
      status: 'Unreachable',
      error: `the trace store at ${url} is unreachable: ${probe.error}`,
    };
  }
  const services = probe.status === 200 ? jaegerServices(probe.body) : undefined;
  if (services === undefined) {
    return {
      ...base,
      status: 'Unhealthy',
      error: `the trace store at ${url} answered ${probe.status} without Jaeger's service list`,
    };
  }
  return { ...base, status: 'Healthy', detail: `${services} service${services === 1 ? '' : 's'}` };
}

/** The pod of an Istio node id (`sidecar~10.0.0.1~reviews-v1-0.default~default.svc.cluster.local`). */
export function podOfNode(node: string, namespace: string): string | undefined {
  const name = node.split('~')[2];
  const suffix = `.${namespace}`;
  return name?.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

export function proxySyncOf(p: ProxyStatus): ProxySyncJson {
  const pod = podOfNode(p.node, p.namespace);
  return {
    node: p.node,
    namespace: p.namespace,
    workload: p.workload,
    ...(pod === undefined ? {} : { pod }),
    kind: p.kind,
    connected: p.connected,
    state: p.state,
    ...(p.sent === undefined ? {} : { sent: p.sent }),
    ...(p.acked === undefined ? {} : { acked: p.acked }),
    ...(p.rejected === undefined
      ? {}
      : { lastNack: { revision: p.rejected.revision, error: p.rejected.error } }),
  };
}

export function createMeshStatusService(deps: MeshStatusDeps): MeshStatusService {
  const nowMs = deps.nowMs ?? Date.now;
  const probeDiscovery = deps.probeDiscovery ?? (() => httpProbe(`${deps.discoveryUrl}/healthz`));
  const probeTraceStore = deps.probeTraceStore ?? (() => httpProbe(`${deps.traceStoreUrl}/api/services`));
  const root = deps.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;

  async function components(discovery: Promise<ProbeResult>): Promise<MeshStatusJson['components']> {
    const [cp, prometheus, traces] = await Promise.all([
      discovery,
      prometheusHealth(deps.prometheus),
      probeTraceStore(),
    ]);
    return {
      controlPlane: controlPlaneHealth(deps, cp),
      prometheus,
      traceStore: traceStoreHealth(deps, traces),
    };
  }

  async function proxies(discovery: Promise<ProbeResult>): Promise<MeshProxiesJson> {
    const [probe, statuses] = await Promise.all([discovery, deps.proxyStatus()]);
    const controlPlane = controlPlaneHealth(deps, probe);
    // Away, the control plane's proxy status is unknown rather than empty.
    return { controlPlane, proxies: controlPlane.status === 'Healthy' ? statuses.map(proxySyncOf) : [] };
  }

  return {
    async meshStatus() {
      const checkedAt = nowMs();
      // One probe of the control plane serves both its entry and whether its proxy list is known.
      const discovery = probeDiscovery();
      const [parts, sync] = await Promise.all([components(discovery), proxies(discovery)]);
      const list = sync.proxies;
      const healthy = Object.values(parts).every((c) => c.status === 'Healthy');
      return {
        status: healthy ? 'Healthy' : 'Unhealthy',
        components: parts,
        proxies: {
          total: list.length,
          synced: list.filter((p) => p.connected && p.state === 'Synced').length,
          stale: list.filter((p) => p.connected && p.state === 'Stale').length,
          notSent: list.filter((p) => p.connected && p.state === 'Not sent').length,
          disconnected: list.filter((p) => !p.connected).length,
        },
        checkedAt,
      };
    },
    async istioStatus() {
      const parts = await components(probeDiscovery());
      return [
        { name: parts.controlPlane.name, namespace: root, status: parts.controlPlane.status, is_core: true },
        { name: parts.prometheus.name, namespace: root, status: parts.prometheus.status, is_core: false },
        { name: parts.traceStore.name, namespace: root, status: parts.traceStore.status, is_core: false },
      ];
    },
    proxies: () => proxies(probeDiscovery()),
  };
}
