import type { Rule } from '../rule.ts';

/** Rules on VirtualService, DestinationRule, Gateway, ServiceEntry and exportTo. */
export const trafficRules: readonly Rule[] = [];
