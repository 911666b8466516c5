import type { Rule } from '../rule.ts';
import { destinationRuleMultiMatchRule } from './traffic/destination-rule-multi-match.ts';
import { destinationRuleNoHostRule } from './traffic/destination-rule-no-host.ts';
import { destinationRuleSubsetLabelsRule } from './traffic/destination-rule-subset-labels.ts';
import { destinationRuleSubsetNoLabelsRule } from './traffic/destination-rule-subset-no-labels.ts';
import { exportToNamespaceRules } from './traffic/export-to-namespace.ts';
import { gatewayMultiMatchRule } from './traffic/gateway-multi-match.ts';
import { gatewaySelectorRule } from './traffic/gateway-selector.ts';
import { serviceEntryMultiMatchRule } from './traffic/service-entry-multi-match.ts';
import { virtualServiceGatewayNomenclatureRule } from './traffic/virtual-service-gateway-nomenclature.ts';
import { virtualServiceNoGatewayRule } from './traffic/virtual-service-no-gateway.ts';
import { virtualServiceNoHostRule } from './traffic/virtual-service-no-host.ts';
import { virtualServiceRepeatedSubsetRule } from './traffic/virtual-service-repeated-subset.ts';
import { virtualServiceSingleHostRule } from './traffic/virtual-service-single-host.ts';
import { virtualServiceSingleWeightRule } from './traffic/virtual-service-single-weight.ts';
import { virtualServiceSubsetPresenceRule } from './traffic/virtual-service-subset-presence.ts';

/**
 * Rules on VirtualService, DestinationRule, Gateway, ServiceEntry and exportTo: Kiali's traffic
 * validations. Each runs per object against indexes memoised on the context, so validating the
 * whole mesh stays linear in its size.
 */
export const trafficRules: readonly Rule[] = [
  virtualServiceNoHostRule,
  virtualServiceNoGatewayRule,
  virtualServiceGatewayNomenclatureRule,
  virtualServiceSingleWeightRule,
  virtualServiceRepeatedSubsetRule,
  virtualServiceSingleHostRule,
  virtualServiceSubsetPresenceRule,
  destinationRuleMultiMatchRule,
  destinationRuleNoHostRule,
  destinationRuleSubsetLabelsRule,
  destinationRuleSubsetNoLabelsRule,
  gatewayMultiMatchRule,
  gatewaySelectorRule,
  serviceEntryMultiMatchRule,
  ...exportToNamespaceRules,
];
