/**
 * Whether a host that a VirtualService routes to, or a DestinationRule configures, exists in the
 * mesh, as Kiali's no-host checks decide it (kiali/kiali `business/checkers/virtualservices/
 * no_host_checker.go`, `destinationrules/no_dest_checker.go`):
 *
 * - a Kubernetes Service at the host's FQDN, exported (`networking.istio.io/exportTo`) to the
 *   referring object's namespace;
 * - workloads whose `app` label is the host's short name, in the host's namespace;
 * - ServiceEntries defining the host (exactly or by wildcard). ServiceEntries are filtered by
 *   exportTo in each namespace Kiali validates, so every namespace that sees the referring
 *   object must also see one of them.
 */
import type { ParsedHost } from '../../hosts.ts';
import { isExportedTo, serviceAt, serviceEntriesDefining, serviceExportTo, workloadsIn } from '../../hosts.ts';
import type { ValidationContext } from '../../context.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilityCovered } from './visibility.ts';

export interface HostReference {
  readonly host: ParsedHost;
  /** Namespace of the VirtualService or DestinationRule that names the host. */
  readonly namespace: string;
  /** Where that object is validated (its exportTo, as Kiali reads it). */
  readonly visibility: Visibility;
}

export function hostIsDefined(ref: HostReference, ctx: ValidationContext): boolean {
  const { host } = ref;
  if (host.internal && host.service !== undefined && host.namespace !== undefined) {
    const service = serviceAt(host.fqdn, ctx);
    if (service && isExportedTo(serviceExportTo(service), service.namespace, ref.namespace)) return true;
    const name = host.service;
    if (workloadsIn(host.namespace, ctx).some((w) => w.labels.app === name)) return true;
  }
  const providers = serviceEntriesDefining(host.fqdn, ctx).map((se) =>
    exportVisibility(se.spec.exportTo, se.metadata.namespace, ctx),
  );
  return visibilityCovered(ref.visibility, providers, ctx);
}
