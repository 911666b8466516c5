/**
 * KIA0002: more than one selector-less PeerAuthentication, or Sidecar, in one namespace.
 *
 * A selector-less object applies to every workload of its namespace (of the mesh, in the root
 * namespace); with two of them Istio picks one (the oldest), so the other silently does nothing.
 * Kiali (`business/checkers/common/multi_match_selector_checker.go`) counts objects whose selector
 * has no labels, per namespace, and reports each one of a namespace holding two or more. It does
 * not apply this to AuthorizationPolicy (policies combine) nor, since kiali/kiali#10225, to
 * RequestAuthentication (Istio merges them). For Sidecars Kiali only looks at namespaces that have
 * workloads (its workload map has no entry for the others), and so does this rule.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import type { Rule } from '../../rule.ts';
import { defineRule } from '../../rule.ts';
import type { SelectorKind, SelectorTarget } from './selector-targets.ts';
import { hasLabels, peerAuthenticationTarget, sidecarTarget } from './selector-targets.ts';
import { hasWorkloads } from './workload-selection.ts';

function countSelectorLess<K extends SelectorKind>(target: SelectorTarget<K>) {
  return (items: readonly IstioResource<K>[]): ReadonlyMap<string, number> => {
    const counts = new Map<string, number>();
    for (const r of items) {
      if (!hasLabels(target.labels(r)))
        counts.set(r.metadata.namespace, (counts.get(r.metadata.namespace) ?? 0) + 1);
    }
    return counts;
  };
}

// Index builders are module constants so that the context memoises one index per kind.
const countPeerAuthentications = countSelectorLess(peerAuthenticationTarget);
const countSidecars = countSelectorLess(sidecarTarget);

function duplicateRule<K extends SelectorKind>(options: {
  target: SelectorTarget<K>;
  counts: (items: readonly IstioResource<K>[]) => ReadonlyMap<string, number>;
  applies: (namespace: string, ctx: ValidationContext) => boolean;
}): Rule {
  const { target, counts, applies } = options;
  return defineRule({
    id: `${target.kind.toLowerCase()}/selector-less-duplicate`,
    kind: target.kind,
    check(resource, ctx) {
      const namespace = resource.metadata.namespace;
      if (hasLabels(target.labels(resource)) || !applies(namespace, ctx)) return [];
      const count = ctx.index(target.kind, counts).get(namespace) ?? 0;
      return count > 1 ? [{ code: 'KIA0002', path: target.selectorPath }] : [];
    },
  });
}

export const selectorLessDuplicateRules: readonly Rule[] = [
  duplicateRule({ target: peerAuthenticationTarget, counts: countPeerAuthentications, applies: () => true }),
  duplicateRule({ target: sidecarTarget, counts: countSidecars, applies: hasWorkloads }),
];
