import type { Rule } from '../rule.ts';
import { securityRules } from './security.ts';
import { trafficRules } from './traffic.ts';

/** Every cross-resource rule, in the order their findings are reported. */
export const meshRules: readonly Rule[] = [...trafficRules, ...securityRules];
