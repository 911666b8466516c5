/**
 * KIA0004: the selector of an AuthorizationPolicy, PeerAuthentication, RequestAuthentication or
 * Sidecar matches no workload of its namespace, so the object applies to nothing.
 *
 * Kiali (`business/checkers/common/workload_selector_checker.go`) checks objects whose selector
 * has labels; since kiali/kiali#10225 it looks in the object's namespace only, which is where
 * Istio applies a selector. Warning: the object may be meant for workloads not deployed yet.
 */
import type { Rule } from '../../rule.ts';
import { defineRule } from '../../rule.ts';
import { registryDescribes } from '../../hosts.ts';
import type { SelectorKind, SelectorTarget } from './selector-targets.ts';
import {
  authorizationPolicyTarget,
  hasLabels,
  peerAuthenticationTarget,
  requestAuthenticationTarget,
  sidecarTarget,
} from './selector-targets.ts';
import { workloadsSelected } from './workload-selection.ts';

function noWorkloadRule<K extends SelectorKind>(target: SelectorTarget<K>): Rule {
  return defineRule({
    id: `${target.kind.toLowerCase()}/selector-no-workload`,
    kind: target.kind,
    check(resource, ctx) {
      const labels = target.labels(resource);
      if (!registryDescribes(resource.metadata.namespace, ctx)) return [];
      if (!hasLabels(labels) || workloadsSelected(resource.metadata.namespace, labels, ctx).length > 0)
        return [];
      return [{ code: 'KIA0004', path: target.labelsPath }];
    },
  });
}

export const selectorNoWorkloadRules: readonly Rule[] = [
  noWorkloadRule(authorizationPolicyTarget),
  noWorkloadRule(peerAuthenticationTarget),
  noWorkloadRule(requestAuthenticationTarget),
  noWorkloadRule(sidecarTarget),
];
