/**
 * KIA0203: a subset's labels select no endpoint of the rule's host, so traffic routed to the
 * subset has nowhere to go (kiali/kiali `business/checkers/destinationrules/
 * no_dest_checker.go`). Checked only when the host itself exists (else KIA0202 says it), for
 * subsets that have labels (KIA0209 covers the others); endpoints as in
 * `destination-rule-host.ts`. Path: `spec/subsets[i]`.
 *
 * Kiali reports an error when a VirtualService routes to the subset and only info otherwise;
 * the info level cannot be carried by a finding yet, so those are left out (`kiali-severity.ts`).
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { RuleFinding } from '../../finding.ts';
import type { ValidationContext } from '../../context.ts';
import { getHost, registryDescribes } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { contextIndex } from './context-index.ts';
import {
  destinationRuleHost,
  destinationRuleHostExists,
  subsetLabelsMatch,
} from './destination-rule-host.ts';
import { atKialiSeverity } from './kiali-severity.ts';
import { destinationsOf } from './routes.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilitiesOverlap } from './visibility.ts';

/** `<host FQDN>\0<subset>` → where the VirtualServices routing to it are seen. */
type RoutedSubsets = ReadonlyMap<string, readonly Visibility[]>;

function buildRoutedSubsets(
  services: readonly IstioResource<'VirtualService'>[],
  ctx: ValidationContext,
): RoutedSubsets {
  const index = new Map<string, Visibility[]>();
  for (const vs of services) {
    const visibility = exportVisibility(vs.spec.exportTo, vs.metadata.namespace, ctx);
    for (const d of destinationsOf(vs.spec)) {
      if (d.subset === undefined || d.subset === '') continue;
      const key = `${getHost(d.host, vs.metadata.namespace, ctx).fqdn}\u0000${d.subset}`;
      const list = index.get(key) ?? [];
      list.push(visibility);
      index.set(key, list);
    }
  }
  return index;
}

function isRouted(
  dr: IstioResource<'DestinationRule'>,
  fqdn: string,
  subset: string,
  ctx: ValidationContext,
): boolean {
  const routed = contextIndex(ctx, 'VirtualService', buildRoutedSubsets).get(`${fqdn}\u0000${subset}`) ?? [];
  const visibility = exportVisibility(dr.spec.exportTo, dr.metadata.namespace, ctx);
  return routed.some((v) => visibilitiesOverlap(visibility, v));
}

export const destinationRuleSubsetLabelsRule = defineRule({
  id: 'destinationrule/subset-labels',
  kind: 'DestinationRule',
  check(dr, ctx) {
    const subsets = dr.spec.subsets ?? [];
    if (subsets.length === 0 || !destinationRuleHostExists(dr, ctx)) return [];
    const host = destinationRuleHost(dr, ctx);
    // Workloads of a namespace the registry does not describe are unknown, not absent.
    if (host.internal && host.namespace !== undefined && !registryDescribes(host.namespace, ctx)) return [];
    const findings: RuleFinding[] = [];
    subsets.forEach((subset, i) => {
      const labels = subset.labels ?? {};
      if (Object.keys(labels).length === 0 || subsetLabelsMatch(host, labels, ctx)) return;
      const severity = isRouted(dr, host.fqdn, subset.name, ctx) ? 'error' : 'unknown';
      findings.push(...atKialiSeverity({ code: 'KIA0203', path: ['spec', 'subsets', i] }, severity));
    });
    return findings;
  },
});
