import type { Rule } from '../rule.ts';
import { authorizationPolicyHostRule } from './security/authorization-policy-host.ts';
import { authorizationPolicyMethodRule } from './security/authorization-policy-method.ts';
import { authorizationPolicyMtlsRule } from './security/authorization-policy-mtls.ts';
import { authorizationPolicyNamespaceRule } from './security/authorization-policy-namespace.ts';
import { authorizationPolicyPrincipalRule } from './security/authorization-policy-principal.ts';
import { destinationRuleDisabledMeshMtlsRule } from './security/destination-rule-disabled-mesh-mtls.ts';
import { destinationRuleDisabledNamespaceMtlsRule } from './security/destination-rule-disabled-namespace-mtls.ts';
import { destinationRuleMeshMtlsRule } from './security/destination-rule-mesh-mtls.ts';
import { destinationRuleNamespaceMtlsRule } from './security/destination-rule-namespace-mtls.ts';
import { destinationRuleOverriddenMtlsRule } from './security/destination-rule-overridden-mtls.ts';
import { peerAuthenticationDisabledMeshRule } from './security/peer-authentication-disabled-mesh.ts';
import { peerAuthenticationDisabledNamespaceRule } from './security/peer-authentication-disabled-namespace.ts';
import { peerAuthenticationMeshMtlsRule } from './security/peer-authentication-mesh-mtls.ts';
import { peerAuthenticationNamespaceMtlsRule } from './security/peer-authentication-namespace-mtls.ts';
import { selectorLessDuplicateRules } from './security/selector-less-duplicate.ts';
import { selectorMultiMatchRules } from './security/selector-multi-match.ts';
import { selectorNoWorkloadRules } from './security/selector-no-workload.ts';
import { serviceAppProtocolRule } from './security/service-app-protocol.ts';
import { serviceDeploymentPortRule } from './security/service-deployment-port.ts';
import { servicePortNameRule } from './security/service-port-name.ts';
import { sidecarEgressHostRule } from './security/sidecar-egress-host.ts';
import { sidecarGlobalSelectorRule } from './security/sidecar-global-selector.ts';

/**
 * Rules on AuthorizationPolicy, PeerAuthentication/mTLS, Sidecar, selectors and Service ports.
 * The mTLS rules assume Istio's default MeshConfig (auto mTLS on); see `security/mtls-policy.ts`.
 */
export const securityRules: readonly Rule[] = [
  ...selectorLessDuplicateRules,
  ...selectorMultiMatchRules,
  ...selectorNoWorkloadRules,
  authorizationPolicyNamespaceRule,
  authorizationPolicyMethodRule,
  authorizationPolicyHostRule,
  authorizationPolicyMtlsRule,
  authorizationPolicyPrincipalRule,
  destinationRuleOverriddenMtlsRule,
  destinationRuleMeshMtlsRule,
  destinationRuleNamespaceMtlsRule,
  destinationRuleDisabledNamespaceMtlsRule,
  destinationRuleDisabledMeshMtlsRule,
  peerAuthenticationMeshMtlsRule,
  peerAuthenticationNamespaceMtlsRule,
  peerAuthenticationDisabledNamespaceRule,
  peerAuthenticationDisabledMeshRule,
  sidecarEgressHostRule,
  sidecarGlobalSelectorRule,
  servicePortNameRule,
  serviceAppProtocolRule,
  serviceDeploymentPortRule,
];
