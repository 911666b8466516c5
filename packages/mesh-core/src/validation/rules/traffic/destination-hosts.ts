/**
 * Whether a host that a VirtualService routes to, or a DestinationRule configures, exists in the
 * mesh, as Kiali's no-host checks decide it (kiali/kiali `business/checkers/virtualservices/
 * no_host_checker.go`, `destinationrules/no_dest_checker.go`):
 *
 * - a Kubernetes Service at the host's FQDN, exported (`networking.istio.io/exportTo`) to the
 *   referring object's namespace;
 * - for a DestinationRule only, workloads whose `app` label is the host's short name, when the
 *   host is in the rule's own namespace (Kiali's VirtualService check does not look at
 *   workloads: a route needs a Service or a ServiceEntry);
 * - ServiceEntries defining the host (exactly or by wildcard). ServiceEntries are filtered by
 *   exportTo in each namespace Kiali validates, so every namespace that sees the referring
 *   object must also see one of them.
 * A cluster host in a namespace the registry does not describe (partial input) counts as
 * defined: nothing proves it missing.
 */
import type { ParsedHost } from '../../hosts.ts';
import {
  anyWorkloadMatchesAll,
  isExportedTo,
  registryDescribes,
  serviceAt,
  serviceEntriesDefining,
  serviceExportTo,
} from '../../hosts.ts';
import type { ValidationContext } from '../../context.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilityCovered } from './visibility.ts';

export interface HostReference {
  readonly host: ParsedHost;
  /** Namespace of the VirtualService or DestinationRule that names the host. */
  readonly namespace: string;
  /** Where that object is validated (its exportTo, as Kiali reads it). */
  readonly visibility: Visibility;
  /** Whether workloads of the referrer's own namespace can stand for the host. */
  readonly workloadsCount: boolean;
}

export function hostIsDefined(ref: HostReference, ctx: ValidationContext): boolean {
  const { host } = ref;
  if (host.internal && host.service !== undefined && host.namespace !== undefined) {
    if (!registryDescribes(host.namespace, ctx)) return true;
    const service = serviceAt(host.fqdn, ctx);
    if (service && isExportedTo(serviceExportTo(service), service.namespace, ref.namespace)) return true;
    const sameNamespace = host.namespace === ref.namespace;
    if (
      ref.workloadsCount &&
      sameNamespace &&
      anyWorkloadMatchesAll(host.namespace, [{ app: host.service }], ctx)
    )
      return true;
  }
  const providers = serviceEntriesDefining(host.fqdn, ctx).map((se) =>
    exportVisibility(se.spec.exportTo, se.metadata.namespace, ctx),
  );
  return visibilityCovered(ref.visibility, providers, ctx);
}
