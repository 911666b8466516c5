/**
 * KIA0204: a mesh- or namespace-wide DestinationRule turns ISTIO_MUTUAL on for this rule's host,
 * but this rule sets no TLS at all, so for its host it silently replaces that mTLS setting
 * (Istio applies one DestinationRule per host; the most specific wins, whole).
 *
 * Kiali (`business/checkers/destinationrules/traffic_policy_checker.go`): among the rules exported
 * to this rule's namespace, the mTLS-enabling ones are the mesh-wide `*.local` and namespace-wide
 * `*.<own namespace>.svc.<domain>` rules with ISTIO_MUTUAL. One of them covers this rule when it is
 * mesh-wide, or namespace-wide for the namespace of this rule's host; another rule with
 * ISTIO_MUTUAL covers it too when its host is exactly `*.<host namespace>.svc.<domain>` or this
 * rule's host as an FQDN. A covered rule without `trafficPolicy.tls` and without any
 * `portLevelSettings[].tls` is reported. Kiali applies it with and without auto mTLS.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import { defineRule } from '../../rule.ts';
import {
  destinationRuleTlsMode,
  destinationRulesFor,
  meshWideHost,
  namespaceWideHost,
} from './mtls-policy.ts';
import { kialiHostName, parseKialiHost } from './registry-hosts.ts';

type DestinationRule = IstioResource<'DestinationRule'>;

export const destinationRuleOverriddenMtlsRule = defineRule({
  id: 'destinationrule/overrides-mtls',
  kind: 'DestinationRule',
  check(dr, ctx) {
    if (setsTls(dr) || !coveredByMtlsRule(dr, ctx)) return [];
    return [{ code: 'KIA0204', path: ['spec', 'trafficPolicy'] }];
  },
});

function setsTls(dr: DestinationRule): boolean {
  const policy = dr.spec.trafficPolicy;
  if (!policy) return false;
  return policy.tls !== undefined || (policy.portLevelSettings ?? []).some((p) => p.tls !== undefined);
}

const istioMutual = (dr: DestinationRule): boolean => destinationRuleTlsMode(dr) === 'ISTIO_MUTUAL';

function coveredByMtlsRule(dr: DestinationRule, ctx: ValidationContext): boolean {
  const viewer = dr.metadata.namespace;
  if (destinationRulesFor(meshWideHost, viewer, ctx).some(istioMutual)) return true;
  const host = parseKialiHost(dr.spec.host, viewer, ctx);
  if (!host.complete)
    return destinationRulesFor(host.service, viewer, ctx).some((other) => other !== dr && istioMutual(other));
  const namespaceWide = namespaceWideHost(host.namespace, ctx);
  const others = [
    ...destinationRulesFor(namespaceWide, viewer, ctx),
    ...destinationRulesFor(kialiHostName(host), viewer, ctx),
  ];
  return others.some((other) => other !== dr && istioMutual(other));
}
