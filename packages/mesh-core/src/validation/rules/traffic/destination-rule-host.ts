/**
 * What the DestinationRule checks share (kiali/kiali `business/checkers/destinationrules/
 * no_dest_checker.go`): the rule's host as Kiali reads it, whether it exists, and whether a
 * subset's labels select any of its endpoints.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import type { ParsedHost } from '../../hosts.ts';
import {
  anyWorkloadMatchesAll,
  getHost,
  selectorMatches,
  serviceAt,
  serviceEntriesDefining,
} from '../../hosts.ts';
import { hostIsDefined } from './destination-hosts.ts';
import { exportVisibility } from './visibility.ts';

export function destinationRuleHost(
  dr: IstioResource<'DestinationRule'>,
  ctx: ValidationContext,
): ParsedHost {
  return getHost(dr.spec.host, dr.metadata.namespace, ctx);
}

/** Whether the rule's host exists; a wildcard host always does, as in Kiali. */
export function destinationRuleHostExists(
  dr: IstioResource<'DestinationRule'>,
  ctx: ValidationContext,
): boolean {
  const host = destinationRuleHost(dr, ctx);
  if (host.wildcard) return true;
  const namespace = dr.metadata.namespace;
  return hostIsDefined(
    { host, namespace, visibility: exportVisibility(dr.spec.exportTo, namespace, ctx), workloadsCount: true },
    ctx,
  );
}

/**
 * Whether `labels` pick an endpoint of `host`: a workload behind the host's Kubernetes Service
 * (one its selector matches) when the Service has a selector, else an endpoint of a
 * ServiceEntry defining the host. Wildcard hosts always match, as in Kiali.
 */
export function subsetLabelsMatch(
  host: ParsedHost,
  labels: Readonly<Record<string, string>>,
  ctx: ValidationContext,
): boolean {
  if (host.wildcard) return true;
  const service = host.internal ? serviceAt(host.fqdn, ctx) : undefined;
  if (service?.selector && Object.keys(service.selector).length > 0) {
    return anyWorkloadMatchesAll(service.namespace, [service.selector, labels], ctx);
  }
  return serviceEntriesDefining(host.fqdn, ctx).some((se) =>
    (se.spec.endpoints ?? []).some((ep) => selectorMatches(labels, ep.labels ?? {})),
  );
}
