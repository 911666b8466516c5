import type { Rule } from '../rule.ts';

/** Rules on AuthorizationPolicy, PeerAuthentication/mTLS, Sidecar, selectors and Service ports. */
export const securityRules: readonly Rule[] = [];
