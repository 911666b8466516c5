/**
 * Kiali's workload list items and workload details (kiali business/workloads.go) from the
 * registry's Deployments, the platform's replicas and the control plane's proxies:
 *
 * - replicas: desired from the Deployment, current = replicas that exist, available = those
 *   ready (their proxy and app run), as Kubernetes counts them;
 * - `istioSidecar`: the local platform runs a proxy beside every replica (a gateway is one), so
 *   it is true; `isGateway`: Istio's gateway labels;
 * - `istioReferences` (when asked): the Istio config selecting the workload (`references.ts`);
 * - `services`: the Services of its namespace whose selector picks its pod labels;
 * - `validations`: the store's findings on the Deployment.
 */
import { parseGoBool } from '../graph/options.ts';
import type { ServiceInfo, WorkloadInfo } from '../config/kube.ts';
import { healthAnnotationsOf } from '../health/inventory.ts';
import type { InventoryMesh } from './model.ts';
import { INVENTORY_CLUSTER, selects, stampOf } from './model.ts';
import { instancesOf, isGatewayWorkload, podsOf } from './pods.ts';
import { uniqueReferences, workloadConfig } from './references.ts';
import { serviceJson } from './service-json.ts';
import { validationsOf } from './validations.ts';
import type { GroupVersionKind, WorkloadDetails, WorkloadListItem } from './wire.ts';

export const DEPLOYMENT_GVK: GroupVersionKind = { Group: 'apps', Version: 'v1', Kind: 'Deployment' };

/** Istio's per-workload injection annotation, as Kiali reads it (`strconv.ParseBool`). */
const INJECT_ANNOTATION = 'sidecar.istio.io/inject';
function injectionAnnotation(annotations: Readonly<Record<string, string>>): boolean | undefined {
  const value = annotations[INJECT_ANNOTATION];
  return value === undefined ? undefined : parseGoBool(value);
}

/** The Deployment's annotations: its pod template's, or its own when the template has none. */
export function workloadAnnotations(w: WorkloadInfo): Readonly<Record<string, string>> {
  if (Object.keys(w.annotations).length > 0) return w.annotations;
  return w.resource?.metadata.annotations ?? {};
}

export function findWorkload(mesh: InventoryMesh, namespace: string, name: string): WorkloadInfo | undefined {
  return mesh.registry.workloads.find((w) => w.namespace === namespace && w.name === name);
}

/** The Services of the workload's namespace whose selector picks it. */
export function servicesOfWorkload(mesh: InventoryMesh, w: WorkloadInfo): ServiceInfo[] {
  return mesh.registry.services.filter((s) => s.namespace === w.namespace && selects(s.selector, w.labels));
}

export interface ListOptions {
  /** Kiali's `istioResources=true`: fill `istioReferences`. */
  readonly istioResources: boolean;
}

export function workloadListItem(
  mesh: InventoryMesh,
  w: WorkloadInfo,
  options: ListOptions,
): Omit<WorkloadListItem, 'health'> {
  const stamp = stampOf(mesh, 'Deployment', w.namespace, w.name);
  const annotations = workloadAnnotations(w);
  const injection = injectionAnnotation(annotations);
  return {
    name: w.name,
    namespace: w.namespace,
    cluster: INVENTORY_CLUSTER,
    gvk: DEPLOYMENT_GVK,
    createdAt: stamp.creationTimestamp,
    resourceVersion: stamp.resourceVersion,
    ...(injection === undefined ? {} : { istioInjectionAnnotation: injection }),
    isAmbient: false,
    isGateway: isGatewayWorkload(w.labels),
    isWaypoint: false,
    isZtunnel: false,
    istioSidecar: true,
    labels: w.labels,
    annotations,
    appLabel: 'app' in w.labels,
    versionLabel: 'version' in w.labels,
    podCount: instancesOf(mesh, w).length,
    healthAnnotations: healthAnnotationsOf(annotations),
    istioReferences: options.istioResources ? uniqueReferences(workloadConfig(mesh.resources, w)) : [],
    // Meshlens has no check for workloads no AuthorizationPolicy covers (Kiali's KIA1301).
    notCoveredAuthPolicy: false,
  };
}

export function workloadDetails(
  mesh: InventoryMesh,
  w: WorkloadInfo,
  options: { readonly validate: boolean },
): Omit<WorkloadDetails, 'health'> {
  const instances = instancesOf(mesh, w);
  return {
    ...workloadListItem(mesh, w, { istioResources: true }),
    desiredReplicas: w.replicas,
    currentReplicas: instances.length,
    availableReplicas: instances.filter((i) => i.ready).length,
    pods: podsOf(mesh, w),
    services: servicesOfWorkload(mesh, w).map((s) => serviceJson(mesh, s)),
    runtimes: [],
    additionalDetails: [],
    validations: options.validate
      ? validationsOf(mesh.findings ?? [], [{ kind: 'Deployment', namespace: w.namespace, name: w.name }])
      : {},
    waypointWorkloads: [],
  };
}
