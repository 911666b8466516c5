/**
 * KIA1107: a route destination names a subset that no DestinationRule defines for its host, so
 * Istio has no cluster for it and the requests fail (kiali/kiali `business/checkers/
 * virtualservices/subset_presence_checker.go`).
 *
 * DestinationRules are matched on the host's FQDN, each host read in its own object's namespace
 * (`reviews` in a rule of `bookinfo` is `reviews.bookinfo.svc.<domain>`); a wildcard rule host
 * defines no subset of a named host, as in Kiali. DestinationRules are exported like any config:
 * every namespace that sees the VirtualService must see a rule defining the subset
 * (`visibility.ts`). Path: `spec/<http|tcp|tls>[i]/route[j]/destination`.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { RuleFinding } from '../../finding.ts';
import type { ValidationContext } from '../../context.ts';
import { getHost } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { contextIndex } from './context-index.ts';
import { destinationsOf } from './routes.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilityCovered } from './visibility.ts';

/** Host FQDN → subset name → where the rules defining it are seen. */
type SubsetIndex = ReadonlyMap<string, ReadonlyMap<string, readonly Visibility[]>>;

function buildSubsetIndex(
  rules: readonly IstioResource<'DestinationRule'>[],
  ctx: ValidationContext,
): SubsetIndex {
  const index = new Map<string, Map<string, Visibility[]>>();
  for (const dr of rules) {
    const fqdn = getHost(dr.spec.host, dr.metadata.namespace, ctx).fqdn;
    const visibility = exportVisibility(dr.spec.exportTo, dr.metadata.namespace, ctx);
    let subsets = index.get(fqdn);
    if (!subsets) {
      subsets = new Map();
      index.set(fqdn, subsets);
    }
    for (const subset of dr.spec.subsets ?? []) {
      const list = subsets.get(subset.name) ?? [];
      list.push(visibility);
      subsets.set(subset.name, list);
    }
  }
  return index;
}

export const virtualServiceSubsetPresenceRule = defineRule({
  id: 'virtualservice/subset-presence',
  kind: 'VirtualService',
  check(vs, ctx) {
    const index = contextIndex(ctx, 'DestinationRule', buildSubsetIndex);
    const namespace = vs.metadata.namespace;
    const visibility = exportVisibility(vs.spec.exportTo, namespace, ctx);
    const findings: RuleFinding[] = [];
    for (const d of destinationsOf(vs.spec)) {
      if (d.host === '' || d.subset === undefined || d.subset === '') continue;
      const providers = index.get(getHost(d.host, namespace, ctx).fqdn)?.get(d.subset) ?? [];
      if (!visibilityCovered(visibility, providers, ctx))
        findings.push({ code: 'KIA1107', path: [...d.path, 'destination'] });
    }
    return findings;
  },
});
