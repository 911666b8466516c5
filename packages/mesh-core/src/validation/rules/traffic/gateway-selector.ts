/**
 * KIA0302: a Gateway's selector matches no workload, so no proxy serves it (kiali/kiali
 * `business/checkers/gateways/selector_checker.go`). Kiali looks in every namespace unless
 * istiod runs with PILOT_SCOPE_GATEWAY_TO_NAMESPACE, which Meshlens does not model; so does
 * Meshlens. A Gateway without selector matches any workload, as a Kubernetes label selector
 * built from no labels does. Path: `spec/selector`.
 */
import { anyWorkloadMatches, registryDescribes } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';

export const gatewaySelectorRule = defineRule({
  id: 'gateway/selector',
  kind: 'Gateway',
  check(gateway, ctx) {
    // A gateway's workload usually lives beside it: without the registry of that namespace
    // (partial input), a missing match proves nothing.
    if (!registryDescribes(gateway.metadata.namespace, ctx)) return [];
    return anyWorkloadMatches(gateway.spec.selector, ctx)
      ? []
      : [{ code: 'KIA0302', path: ['spec', 'selector'] }];
  },
});
