/**
 * Which Istio config concerns a workload, a service or an app: Kiali's `istioReferences` on list
 * items and the VirtualServices and DestinationRules of a service's detail page.
 *
 * - A workload is concerned by the AuthorizationPolicies, PeerAuthentications and
 *   RequestAuthentications of its namespace whose `selector.matchLabels`, and the Sidecars and
 *   EnvoyFilters whose `workloadSelector.labels`, are all among its labels (selector-less
 *   policies are namespace-wide and not listed, as in Kiali), and by the Gateways of any
 *   namespace whose `selector` picks it.
 * - A service is concerned by the VirtualServices naming it in `hosts` or in a route destination,
 *   and by the DestinationRules whose `host` names it, where "names" is Kiali's `FilterByHost`:
 *   the short name from the service's own namespace, `name.ns`, `name.ns.svc` or the FQDN.
 * - An app is concerned by everything that concerns its workloads and its services.
 *
 * References are Kiali's `IstioValidationKey` JSON: `{objectGVK: {Group, Version, Kind}, name,
 * namespace, cluster}`, in store order without repeats.
 */
import { istioGroupOf } from '../config/kinds.ts';
import type { IstioKind } from '../config/kinds.ts';
import type { IstioResource } from '../config/resource.ts';
import { INVENTORY_CLUSTER, selects } from './model.ts';
import type { GroupVersionKind, IstioReference } from './wire.ts';

export function gvkOf(resource: { readonly kind: IstioKind; readonly apiVersion: string }): GroupVersionKind {
  const version = resource.apiVersion.split('/')[1] ?? resource.apiVersion;
  return { Group: istioGroupOf[resource.kind], Version: version, Kind: resource.kind };
}

export function referenceTo(resource: IstioResource): IstioReference {
  return {
    objectGVK: gvkOf(resource),
    name: resource.metadata.name,
    namespace: resource.metadata.namespace,
    cluster: INVENTORY_CLUSTER,
  };
}

export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
}

/** Kiali's `FilterByHost`: whether `host`, written in `hostNamespace`, names the service. */
export function hostNamesService(
  host: string,
  hostNamespace: string,
  service: ServiceRef,
  clusterDomain: string,
): boolean {
  const { name, namespace } = service;
  return (
    (host === name && hostNamespace === namespace) ||
    host === `${name}.${namespace}` ||
    host === `${name}.${namespace}.svc` ||
    host === `${name}.${namespace}.svc.${clusterDomain}`
  );
}

type Selected = 'AuthorizationPolicy' | 'PeerAuthentication' | 'RequestAuthentication';

function workloadSelectorOf(r: IstioResource): Readonly<Record<string, string>> | undefined {
  switch (r.kind) {
    case 'AuthorizationPolicy':
    case 'PeerAuthentication':
    case 'RequestAuthentication':
      return (r as IstioResource<Selected>).spec.selector?.matchLabels;
    case 'Sidecar':
      return (r as IstioResource<'Sidecar'>).spec.workloadSelector?.labels;
    case 'EnvoyFilter':
      return (r as IstioResource<'EnvoyFilter'>).spec.workloadSelector?.labels;
    // Gateways select across namespaces (`workloadConfig`); the others select no workload.
    case 'Gateway':
    case 'VirtualService':
    case 'DestinationRule':
    case 'ServiceEntry':
    case 'WorkloadEntry':
    case 'WorkloadGroup':
      return undefined;
  }
}

/** The Istio config that selects a workload with `labels` in `namespace`. */
export function workloadConfig(
  resources: readonly IstioResource[],
  workload: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): IstioResource[] {
  return resources.filter((r) => {
    if (r.kind === 'Gateway') return selects((r as IstioResource<'Gateway'>).spec.selector, workload.labels);
    return r.metadata.namespace === workload.namespace && selects(workloadSelectorOf(r), workload.labels);
  });
}

type AnyRoute = NonNullable<IstioResource<'VirtualService'>['spec']['http']>[number];

function destinationHosts(vs: IstioResource<'VirtualService'>): string[] {
  const routes: ReadonlyArray<Pick<AnyRoute, 'route'>> = [
    ...(vs.spec.http ?? []),
    ...(vs.spec.tcp ?? []),
    ...(vs.spec.tls ?? []),
  ];
  return routes.flatMap((r) => (r.route ?? []).map((d) => d.destination.host));
}

/** The VirtualServices of the mesh that name the service as a host or a destination. */
export function serviceVirtualServices(
  resources: readonly IstioResource[],
  service: ServiceRef,
  clusterDomain: string,
): IstioResource<'VirtualService'>[] {
  return resources.filter((r): r is IstioResource<'VirtualService'> => {
    if (r.kind !== 'VirtualService') return false;
    const vs = r as IstioResource<'VirtualService'>;
    const names = (h: string): boolean => hostNamesService(h, vs.metadata.namespace, service, clusterDomain);
    return (vs.spec.hosts ?? []).some(names) || destinationHosts(vs).some(names);
  });
}

/** The DestinationRules of the mesh whose host names the service. */
export function serviceDestinationRules(
  resources: readonly IstioResource[],
  service: ServiceRef,
  clusterDomain: string,
): IstioResource<'DestinationRule'>[] {
  return resources.filter(
    (r): r is IstioResource<'DestinationRule'> =>
      r.kind === 'DestinationRule' &&
      hostNamesService(
        (r as IstioResource<'DestinationRule'>).spec.host,
        r.metadata.namespace,
        service,
        clusterDomain,
      ),
  );
}

/** References to `resources`, without repeats, in order. */
export function uniqueReferences(resources: Iterable<IstioResource>): IstioReference[] {
  const seen = new Set<string>();
  const out: IstioReference[] = [];
  for (const r of resources) {
    const key = `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(referenceTo(r));
  }
  return out;
}
