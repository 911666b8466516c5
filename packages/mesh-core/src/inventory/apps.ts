/**
 * Kiali's apps (kiali business/apps.go): the workloads of a namespace grouped by their app label
 * (`app`, else `app.kubernetes.io/name`), with
 *
 * - `labels`: every label of the app's workloads, the distinct values of a key joined by `,` in
 *   workload order (Kiali's `version: v1,v2,v3`);
 * - `serviceNames`: the Services of the namespace whose selector picks one of its workloads;
 * - `istioReferences` (when asked): the Istio config of its workloads and of its services;
 * - the detail's workloads with their replicas as pods (a Meshlens addition).
 */
import type { ServiceInfo, WorkloadInfo } from '../config/kube.ts';
import { appLabelOf } from '../health/inventory.ts';
import type { InventoryMesh } from './model.ts';
import { INVENTORY_CLUSTER, selects } from './model.ts';
import { isGatewayWorkload, podsOf } from './pods.ts';
import { uniqueReferences, workloadConfig } from './references.ts';
import { serviceConfig } from './services.ts';
import type { AppDetails, AppListItem } from './wire.ts';
import type { ListOptions } from './workloads.ts';
import { DEPLOYMENT_GVK } from './workloads.ts';

export interface MeshApp {
  readonly namespace: string;
  readonly name: string;
  readonly workloads: readonly WorkloadInfo[];
}

/** The apps of a namespace, by name. */
export function appsOf(mesh: InventoryMesh, namespace: string): MeshApp[] {
  const byName = new Map<string, WorkloadInfo[]>();
  for (const w of mesh.registry.workloads) {
    if (w.namespace !== namespace) continue;
    const app = appLabelOf(w.labels);
    if (app === undefined) continue;
    const list = byName.get(app);
    if (list === undefined) byName.set(app, [w]);
    else list.push(w);
  }
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, workloads]) => ({ namespace, name, workloads }));
}

export function findApp(mesh: InventoryMesh, namespace: string, name: string): MeshApp | undefined {
  return appsOf(mesh, namespace).find((a) => a.name === name);
}

export function servicesOfApp(mesh: InventoryMesh, app: MeshApp): ServiceInfo[] {
  return mesh.registry.services.filter(
    (s) => s.namespace === app.namespace && app.workloads.some((w) => selects(s.selector, w.labels)),
  );
}

function joinedLabels(workloads: readonly WorkloadInfo[]): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.labels)) {
      const list = values.get(k) ?? [];
      if (!list.includes(v)) list.push(v);
      values.set(k, list);
    }
  }
  return Object.fromEntries([...values].map(([k, v]) => [k, v.join(',')]));
}

export function appListItem(
  mesh: InventoryMesh,
  app: MeshApp,
  options: ListOptions,
): Omit<AppListItem, 'health'> {
  const config = options.istioResources
    ? [
        ...app.workloads.flatMap((w) => workloadConfig(mesh.resources, w)),
        ...servicesOfApp(mesh, app).flatMap((s) => serviceConfig(mesh, s)),
      ]
    : [];
  return {
    name: app.name,
    namespace: app.namespace,
    cluster: INVENTORY_CLUSTER,
    isAmbient: false,
    isGateway: app.workloads.some((w) => isGatewayWorkload(w.labels)),
    isWaypoint: false,
    isZtunnel: false,
    istioSidecar: true,
    labels: joinedLabels(app.workloads),
    istioReferences: uniqueReferences(config),
  };
}

export function appDetails(mesh: InventoryMesh, app: MeshApp): Omit<AppDetails, 'health'> {
  return {
    name: app.name,
    namespace: { name: app.namespace },
    cluster: INVENTORY_CLUSTER,
    isAmbient: false,
    workloads: app.workloads.map((w) => ({
      workloadName: w.name,
      namespace: w.namespace,
      gvk: DEPLOYMENT_GVK,
      isAmbient: false,
      isGateway: isGatewayWorkload(w.labels),
      isWaypoint: false,
      isZtunnel: false,
      istioSidecar: true,
      labels: w.labels,
      serviceAccountNames: [w.serviceAccountName],
      pods: podsOf(mesh, w),
    })),
    serviceNames: servicesOfApp(mesh, app).map((s) => s.name),
    runtimes: [],
  };
}
