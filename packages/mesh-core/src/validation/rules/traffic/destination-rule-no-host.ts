/**
 * KIA0202: a DestinationRule's host has no entry in the service registry (no Service, no
 * workloads, no ServiceEntry), so Istio never applies the rule (kiali/kiali
 * `business/checkers/destinationrules/no_dest_checker.go`). A short host is read in the rule's
 * own namespace, not the service's. Path: `spec/host`.
 *
 * Kiali lowers this to a warning when the mesh's outboundTrafficPolicy is explicitly ALLOW_ANY
 * (mesh option `outboundTrafficPolicy`).
 */
import { defineRule } from '../../rule.ts';
import { hostNotFoundSeverity } from '../../context.ts';
import { destinationRuleHostExists } from './destination-rule-host.ts';

export const destinationRuleNoHostRule = defineRule({
  id: 'destinationrule/no-host',
  kind: 'DestinationRule',
  check(dr, ctx) {
    return destinationRuleHostExists(dr, ctx)
      ? []
      : [{ code: 'KIA0202', path: ['spec', 'host'], ...hostNotFoundSeverity(ctx.options) }];
  },
});
