/**
 * A workload's replicas as Kiali's pods (kiali models/pod.go), with each proxy's sync state as
 * Kiali reads it from istiod (`castProxyStatus`/`xdsStatus`): Meshlens pushes one snapshot per
 * revision, so CDS, EDS, LDS and RDS share one state — `Synced` when the proxy acknowledged the
 * revision last sent, `Stale` when it acknowledged an older one, `Stale (Never Acknowledged)` when
 * it acknowledged none, `NOT_SENT` before any was sent; no state (null) when the control plane has
 * no connected proxy for the pod.
 */
import type { WorkloadInfo } from '../config/kube.ts';
import type { InventoryInstance, InventoryMesh, InventoryProxy } from './model.ts';
import { stampOf } from './model.ts';
import type { PodJson, ProxyStatusJson, XdsStatus } from './wire.ts';

/** The container name Istio gives the proxy. */
export const PROXY_CONTAINER = 'istio-proxy';
/** What Meshlens reports as the image of the proxy it runs beside each replica. */
export const PROXY_IMAGE = 'meshlens/proxy';

/** Kiali's `xdsStatus`. */
export function xdsStatus(sent: string | undefined, acked: string | undefined): XdsStatus {
  if (sent === undefined || sent === '') return 'NOT_SENT';
  if (sent === acked) return 'Synced';
  if (acked === undefined || acked === '') return 'Stale (Never Acknowledged)';
  return 'Stale';
}

export function proxyStatusOf(proxy: InventoryProxy | undefined): ProxyStatusJson | null {
  if (proxy === undefined || proxy.connected === false) return null;
  // Without revisions (a source that only knows "synced"), the one word it has.
  const state =
    proxy.sent === undefined ? (proxy.synced ? 'Synced' : 'NOT_SENT') : xdsStatus(proxy.sent, proxy.acked);
  return { CDS: state, EDS: state, LDS: state, RDS: state };
}

export function instancesOf(
  mesh: InventoryMesh,
  w: { namespace: string; name: string },
): InventoryInstance[] {
  return mesh.instances
    .filter((i) => i.namespace === w.namespace && i.workload === w.name)
    .sort((a, b) => a.pod.localeCompare(b.pod, 'en', { numeric: true }));
}

/** Each instance's proxy: by pod name, or, for proxies whose pod is unknown, in order. */
function proxiesByPod(
  mesh: InventoryMesh,
  w: WorkloadInfo,
  pods: readonly string[],
): Map<string, InventoryProxy> {
  const mine = mesh.proxies.filter((p) => p.namespace === w.namespace && p.workload === w.name);
  const out = new Map<string, InventoryProxy>();
  for (const p of mine) if (p.pod !== undefined) out.set(p.pod, p);
  const unnamed = mine.filter((p) => p.pod === undefined);
  for (const pod of pods) {
    if (out.has(pod)) continue;
    const next = unnamed.shift();
    if (next !== undefined) out.set(pod, next);
  }
  return out;
}

/** Istio's ingress/egress gateway labels (Kiali's `IsGateway`). */
export function isGatewayWorkload(labels: Readonly<Record<string, string>>): boolean {
  const component = labels['operator.istio.io/component'];
  return (
    component === 'IngressGateways' ||
    component === 'EgressGateways' ||
    labels.istio === 'ingressgateway' ||
    labels.istio === 'egressgateway'
  );
}

export function podsOf(mesh: InventoryMesh, w: WorkloadInfo): PodJson[] {
  const instances = instancesOf(mesh, w);
  const proxies = proxiesByPod(
    mesh,
    w,
    instances.map((i) => i.pod),
  );
  // Replicas are started with their Deployment: its creation is the best time the platform has.
  const { creationTimestamp } = stampOf(mesh, 'Deployment', w.namespace, w.name);
  return instances.map((i): PodJson => {
    const container = (name: string, image: string, isProxy: boolean) => ({
      name,
      image,
      isProxy,
      isReady: i.ready,
    });
    const own = w.containers.map((c) => container(c.name, c.image ?? '', c.name === PROXY_CONTAINER));
    // A gateway's own container is the proxy; every other replica runs one beside its app.
    const istio = own.filter((c) => c.isProxy);
    if (istio.length === 0) istio.push(container(PROXY_CONTAINER, PROXY_IMAGE, true));
    return {
      name: i.pod,
      labels: w.labels,
      createdAt: creationTimestamp,
      createdBy: [{ name: w.name, kind: w.kind }],
      containers: own.filter((c) => !c.isProxy),
      istioContainers: istio,
      istioInitContainers: [],
      status: i.ready ? 'Running' : 'Pending',
      statusMessage: i.ready ? '' : 'The proxy or the app of this replica is not running',
      statusReason: i.ready ? '' : 'NotReady',
      appLabel: 'app' in w.labels,
      versionLabel: 'version' in w.labels,
      annotations: w.annotations,
      serviceAccountName: w.serviceAccountName,
      proxyStatus: proxyStatusOf(proxies.get(i.pod)),
    };
  });
}
