/**
 * Kiali's service list items and service details (kiali business/services.go) from the
 * registry's Services:
 *
 * - the workloads of a service are the Deployments of its namespace its selector picks; its
 *   endpoints are their ready replicas (Kubernetes' ready addresses), with the service's ports;
 * - `istioReferences` (when asked) and the detail's `virtualServices` / `destinationRules` are
 *   the Istio config naming the service (`references.ts`);
 * - `validation` (list) and `validations` (detail: the service's and those of its
 *   VirtualServices and DestinationRules) come from the store's findings;
 * - `namespaceMTLS` is the namespace's mTLS status (`mtls.ts`).
 */
import type { ServiceInfo, WorkloadInfo } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import type { InventoryMesh } from './model.ts';
import { INVENTORY_CLUSTER, selects, stampOf } from './model.ts';
import { namespaceMtlsStatus } from './mtls.ts';
import { instancesOf, isGatewayWorkload } from './pods.ts';
import { serviceDestinationRules, serviceVirtualServices, uniqueReferences } from './references.ts';
import { serviceJson, servicePortsJson } from './service-json.ts';
import { validationOf, validationsOf } from './validations.ts';
import type { ServiceDetails, ServiceListItem } from './wire.ts';
import type { ListOptions } from './workloads.ts';

/** Kiali's wizard label: which wizard created the service's routing, if one did. */
const KIALI_WIZARD_LABEL = 'kiali_wizard';

export function findService(mesh: InventoryMesh, namespace: string, name: string): ServiceInfo | undefined {
  return mesh.registry.services.find((s) => s.namespace === namespace && s.name === name);
}

export function workloadsOfService(mesh: InventoryMesh, s: ServiceInfo): WorkloadInfo[] {
  return mesh.registry.workloads.filter((w) => w.namespace === s.namespace && selects(s.selector, w.labels));
}

/** The Istio config naming the service: its VirtualServices, then its DestinationRules. */
export function serviceConfig(mesh: InventoryMesh, s: ServiceInfo): IstioResource[] {
  return [
    ...serviceVirtualServices(mesh.resources, s, mesh.clusterDomain),
    ...serviceDestinationRules(mesh.resources, s, mesh.clusterDomain),
  ];
}

export function serviceListItem(
  mesh: InventoryMesh,
  s: ServiceInfo,
  options: ListOptions,
): Omit<ServiceListItem, 'health'> {
  const selector = s.selector ?? {};
  return {
    name: s.name,
    namespace: s.namespace,
    cluster: INVENTORY_CLUSTER,
    // Every replica the local platform runs has its proxy.
    istioSidecar: true,
    isAmbient: false,
    appLabel: 'app' in selector,
    labels: s.labels,
    selector,
    ports: Object.fromEntries(s.ports.map((p) => [p.name ?? '', p.port])),
    istioReferences: options.istioResources ? uniqueReferences(serviceConfig(mesh, s)) : [],
    kialiWizard: s.labels[KIALI_WIZARD_LABEL] ?? '',
    serviceRegistry: 'Kubernetes',
    validation: validationOf(mesh.findings ?? [], { kind: 'Service', namespace: s.namespace, name: s.name }),
  };
}

function istioObject(r: IstioResource): ServiceDetails['virtualServices'][number] {
  const { name, namespace, labels, annotations } = r.metadata;
  return {
    kind: r.kind,
    apiVersion: r.apiVersion,
    metadata: { name, namespace, labels, annotations },
    spec: r.spec,
  };
}

export function serviceDetails(
  mesh: InventoryMesh,
  s: ServiceInfo,
  options: { readonly validate: boolean },
): Omit<ServiceDetails, 'health'> {
  const workloads = workloadsOfService(mesh, s);
  const virtualServices = serviceVirtualServices(mesh.resources, s, mesh.clusterDomain);
  const destinationRules = serviceDestinationRules(mesh.resources, s, mesh.clusterDomain);
  const ready = workloads.flatMap((w) => instancesOf(mesh, w).filter((i) => i.ready));
  const validated = [
    { kind: 'Service', namespace: s.namespace, name: s.name },
    ...[...virtualServices, ...destinationRules].map((r) => ({
      kind: r.kind,
      apiVersion: r.apiVersion,
      namespace: r.metadata.namespace,
      name: r.metadata.name,
    })),
  ];
  return {
    service: serviceJson(mesh, s),
    endpoints:
      ready.length === 0
        ? []
        : [
            {
              addresses: ready.map((i) => ({ ip: '', kind: 'Pod', name: i.pod })),
              ports: servicePortsJson(s),
            },
          ],
    workloads: workloads.map((w) => {
      const stamp = stampOf(mesh, 'Deployment', w.namespace, w.name);
      return {
        name: w.name,
        namespace: w.namespace,
        type: w.kind,
        createdAt: stamp.creationTimestamp,
        resourceVersion: stamp.resourceVersion,
        labels: w.labels,
        serviceAccountNames: [w.serviceAccountName],
        isAmbient: false,
        isGateway: isGatewayWorkload(w.labels),
        isWaypoint: false,
        isZtunnel: false,
        istioSidecar: true,
      };
    }),
    virtualServices: virtualServices.map(istioObject),
    destinationRules: destinationRules.map(istioObject),
    serviceEntries: [],
    k8sHTTPRoutes: [],
    k8sGRPCRoutes: [],
    k8sInferencePools: [],
    istioSidecar: true,
    isAmbient: false,
    // The config API accepts writes of any Istio kind from the console.
    istioPermissions: { create: true, update: true, delete: true },
    namespaceMTLS: namespaceMtlsStatus(
      {
        resources: mesh.resources,
        rootNamespace: mesh.rootNamespace,
        clusterDomain: mesh.clusterDomain,
        autoMtls: mesh.autoMtls ?? true,
      },
      s.namespace,
    ),
    validations: options.validate ? validationsOf(mesh.findings ?? [], validated) : {},
  };
}
