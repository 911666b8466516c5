/**
 * The graph inventory indexed once per graph build, so that appenders look objects up by key
 * instead of scanning lists per node. Meshlens runs one cluster: objects are keyed by namespace
 * and name; the cluster name is only used for the ids of nodes created from the registry.
 */
import type { MeshWorkload } from '../health/inventory.ts';
import { DEFAULT_CLUSTER, appLabelOf, versionLabelOf } from '../health/inventory.ts';
import type { GraphInventory, GraphService } from './model.ts';

export interface InventoryIndex {
  readonly cluster: string;
  workload(namespace: string, name: string): MeshWorkload | undefined;
  service(namespace: string, name: string): GraphService | undefined;
  workloadsOf(namespace: string): readonly MeshWorkload[];
  servicesOf(namespace: string): readonly GraphService[];
  /** Workloads labelled with `app` (and `version`, when given) in a namespace. */
  appWorkloads(namespace: string, app: string, version?: string): readonly MeshWorkload[];
  /** Gateway workloads of a namespace by app label (Kiali matches gateway nodes on it). */
  gateway(namespace: string, app: string): MeshWorkload | undefined;
  isAccessible(namespace: string): boolean;
  isIstioNamespace(namespace: string): boolean;
}

const key = (...parts: string[]): string => parts.join('\u0000');

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [value]);
  else list.push(value);
}

export function indexInventory(inventory: GraphInventory): InventoryIndex {
  const workloads = new Map<string, MeshWorkload>();
  const services = new Map<string, GraphService>();
  const workloadsByNs = new Map<string, MeshWorkload[]>();
  const servicesByNs = new Map<string, GraphService[]>();
  const byApp = new Map<string, MeshWorkload[]>();
  const byAppVersion = new Map<string, MeshWorkload[]>();
  const gateways = new Map<string, MeshWorkload>();
  for (const w of inventory.workloads) {
    workloads.set(key(w.namespace, w.name), w);
    push(workloadsByNs, w.namespace, w);
    const app = appLabelOf(w.labels);
    if (app !== undefined) {
      push(byApp, key(w.namespace, app), w);
      const version = versionLabelOf(w.labels);
      if (version !== undefined) push(byAppVersion, key(w.namespace, app, version), w);
      if (w.gateway !== undefined && !gateways.has(key(w.namespace, app)))
        gateways.set(key(w.namespace, app), w);
    }
  }
  for (const s of inventory.services) {
    services.set(key(s.namespace, s.name), s);
    push(servicesByNs, s.namespace, s);
  }
  const accessible =
    inventory.accessibleNamespaces === undefined ? undefined : new Set(inventory.accessibleNamespaces);
  const istio = new Set(inventory.istioNamespaces ?? ['istio-system']);
  return {
    cluster: inventory.cluster ?? DEFAULT_CLUSTER,
    workload: (namespace, name) => workloads.get(key(namespace, name)),
    service: (namespace, name) => services.get(key(namespace, name)),
    workloadsOf: (namespace) => workloadsByNs.get(namespace) ?? [],
    servicesOf: (namespace) => servicesByNs.get(namespace) ?? [],
    appWorkloads: (namespace, app, version) =>
      (version === undefined
        ? byApp.get(key(namespace, app))
        : byAppVersion.get(key(namespace, app, version))) ?? [],
    gateway: (namespace, app) => gateways.get(key(namespace, app)),
    isAccessible: (namespace) => accessible === undefined || accessible.has(namespace),
    isIstioNamespace: (namespace) => istio.has(namespace),
  };
}
