/**
 * DestinationRule admission checks (Istio's `ValidateDestinationRule`): the host is a domain
 * (wildcards allowed), subsets have unique DNS-label names and valid labels, every traffic
 * policy is well formed, and a rule scoped to workloads by a selector stays in its namespace.
 */
import type { IstioResource } from '../resource.ts';
import { checkExportTo, checkLabels, checkWorkloadSelector } from './common.ts';
import { isDNS1123Label, wildcardDomainError } from './hosts.ts';
import type { Report } from './report.ts';
import { checkTrafficPolicy } from './traffic-policy.ts';

export function validateDestinationRule(resource: IstioResource<'DestinationRule'>, report: Report): void {
  const spec = resource.spec;
  const namespace = resource.metadata.namespace;
  const hostErr = wildcardDomainError(spec.host);
  if (hostErr) report.field(['spec', 'host'], hostErr);
  checkTrafficPolicy(report, ['spec', 'trafficPolicy'], spec.trafficPolicy, namespace);

  const names = new Set<string>();
  (spec.subsets ?? []).forEach((subset, i) => {
    const path = ['spec', 'subsets', i];
    if (names.has(subset.name))
      report.field([...path, 'name'], `duplicates subset name ${JSON.stringify(subset.name)}`);
    names.add(subset.name);
    const nameErr = subsetNameError(subset.name);
    if (nameErr) report.field([...path, 'name'], nameErr);
    checkLabels(report, [...path, 'labels'], subset.labels);
    checkTrafficPolicy(report, [...path, 'trafficPolicy'], subset.trafficPolicy, namespace);
  });

  const selector = spec.workloadSelector;
  checkExportTo(report, ['spec', 'exportTo'], {
    exportTo: spec.exportTo,
    namespace,
    withSelector: selector !== undefined,
  });
  if (selector)
    checkWorkloadSelector(report, ['spec', 'workloadSelector', 'matchLabels'], selector.matchLabels);
}

/** Subset names are DNS labels: they become part of Envoy cluster names. */
export function subsetNameError(name: string): string | undefined {
  if (name === '') return 'cannot be empty';
  return isDNS1123Label(name)
    ? undefined
    : `${JSON.stringify(name)} is not a valid subset name (a DNS-1123 label)`;
}
