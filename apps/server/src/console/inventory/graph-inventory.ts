/**
 * The graph's and health's inventory (`GraphInventory`: workloads and services with what Kiali
 * reads from Kubernetes and Istio) built from the mesh state:
 *
 * - workload identity, pod template labels and replicas wanted: the registry's Deployments;
 * - annotations (for `health.kiali.io/rate`): the pod template's, or the Deployment's own when
 *   the template has none (Kiali's `parseObjectMeta`);
 * - current replicas: the platform's instances of the workload; available: those ready (sidecar
 *   and app running);
 * - sidecar: every replica the local platform runs has its proxy beside it;
 * - synced proxies: the control plane's proxies of the workload that are connected and Synced;
 * - gateway: a workload labelled as an Istio ingress or egress gateway (Kiali's `IsGateway`
 *   labels), with the hosts of every Gateway whose selector picks it;
 * - services: the registry's Services, with the Istio badges of `istio-flags.ts`.
 */
import type { IstioResource, WorkloadInfo } from '@meshlens/mesh-core/config';
import type { GraphInventory, GraphService } from '@meshlens/mesh-core/graph';
import type { MeshWorkload } from '@meshlens/mesh-core/health';
import { IstioFlagIndex } from './istio-flags.ts';
import type { MeshState } from './mesh-state.ts';

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

function countBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  when: (item: T) => boolean,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (!when(item)) continue;
    const k = keyOf(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Kiali's `Workload.IsGateway`, told apart as ingress or egress. */
export function gatewayTypeOf(labels: Readonly<Record<string, string>>): 'ingress' | 'egress' | undefined {
  const component = labels['operator.istio.io/component'];
  if (component === 'IngressGateways' || labels.istio === 'ingressgateway') return 'ingress';
  if (component === 'EgressGateways' || labels.istio === 'egressgateway') return 'egress';
  return undefined;
}

function selects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** Hosts of every Gateway selecting the workload, in store order, without repeats. */
export function gatewayHostnames(
  gateways: readonly IstioResource<'Gateway'>[],
  labels: Readonly<Record<string, string>>,
): string[] {
  const hosts = new Set<string>();
  for (const gw of gateways) {
    if (!selects(gw.spec.selector, labels)) continue;
    for (const server of gw.spec.servers ?? []) for (const h of server.hosts) hosts.add(h);
  }
  return [...hosts];
}

function annotationsOf(w: WorkloadInfo): Readonly<Record<string, string>> {
  if (Object.keys(w.annotations).length > 0) return w.annotations;
  return w.resource?.metadata.annotations ?? {};
}

export function buildGraphInventory(state: MeshState): GraphInventory {
  const current = countBy(
    state.instances,
    (i) => key(i.namespace, i.workload),
    () => true,
  );
  const available = countBy(
    state.instances,
    (i) => key(i.namespace, i.workload),
    (i) => i.ready,
  );
  const synced = countBy(
    state.proxies,
    (p) => key(p.namespace, p.workload),
    (p) => p.synced,
  );
  const gateways = state.resources.filter((r): r is IstioResource<'Gateway'> => r.kind === 'Gateway');
  const workloads = state.registry.workloads.map((w): MeshWorkload => {
    const k = key(w.namespace, w.name);
    const type = gatewayTypeOf(w.labels);
    return {
      namespace: w.namespace,
      name: w.name,
      labels: w.labels,
      annotations: annotationsOf(w),
      desiredReplicas: w.replicas,
      currentReplicas: current.get(k) ?? 0,
      availableReplicas: available.get(k) ?? 0,
      hasSidecar: true,
      syncedProxies: synced.get(k) ?? 0,
      ...(type === undefined ? {} : { gateway: { type, hostnames: gatewayHostnames(gateways, w.labels) } }),
    };
  });
  const flags = new IstioFlagIndex(state.resources, state.clusterDomain);
  const services = state.registry.services.map((s): GraphService => {
    const istio = flags.of(s);
    return {
      namespace: s.namespace,
      name: s.name,
      labels: s.labels,
      annotations: s.annotations,
      ...(istio === undefined ? {} : { istio }),
    };
  });
  return { workloads, services, istioNamespaces: [state.rootNamespace] };
}

/** Every namespace the mesh knows: declared, or holding Services, Deployments or Istio config. */
export function meshNamespaces(state: MeshState): string[] {
  return state.registry.namespaces.map((n) => n.name);
}
