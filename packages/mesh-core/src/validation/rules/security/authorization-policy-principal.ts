/**
 * KIA0106: a principal in `rules[].from[].source.principals` names no service account in use.
 *
 * Kiali (`business/checkers/authorization/principals_checker.go`) compares each principal with the
 * identities of the mesh's workloads, `<trust domain>/ns/<namespace>/sa/<service account>` (trust
 * domain: the identity domain without `svc.`, i.e. the cluster domain), taken from the workloads'
 * service accounts rather than from ServiceAccount objects: an account no workload runs as
 * authenticates nobody. `*` matches anything; a principal starting or ending with `*` is a
 * pattern where each `*` matches any run of characters (Kiali builds the regex without escaping
 * `.`, so a `.` there matches any character too); anything else must match exactly.
 */
import { registryDescribes } from '../../hosts.ts';
import type { MeshRegistry } from '../../../config/kube.ts';
import type { ValidationContext } from '../../context.ts';
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';

export const authorizationPolicyPrincipalRule = defineRule({
  id: 'authorizationpolicy/principal-not-found',
  kind: 'AuthorizationPolicy',
  check(policy, ctx) {
    const findings: RuleFinding[] = [];
    (policy.spec.rules ?? []).forEach((rule, r) => {
      (rule.from ?? []).forEach((from, f) => {
        (from.source?.principals ?? []).forEach((principal, p) => {
          if (!hasMatchingServiceAccount(principal, ctx)) {
            findings.push({
              code: 'KIA0106',
              path: ['spec', 'rules', r, 'from', f, 'source', 'principals', p],
            });
          }
        });
      });
    });
    return findings;
  },
});

/** Workload identities without their trust domain: `/ns/<namespace>/sa/<account>`. */
function buildIdentityIndex(registry: MeshRegistry): ReadonlySet<string> {
  return new Set(registry.workloads.map((w) => `/ns/${w.namespace}/sa/${w.serviceAccountName}`));
}

function hasMatchingServiceAccount(principal: string, ctx: ValidationContext): boolean {
  if (principal === '*') return true;
  const trustDomain = ctx.options.clusterDomain;
  const identities = ctx.registryIndex(buildIdentityIndex);
  if (principal.startsWith('*') || principal.endsWith('*')) {
    const pattern = principalPattern(principal);
    for (const identity of identities) if (pattern.test(trustDomain + identity)) return true;
    return false;
  }
  // Accounts of a namespace the registry does not describe (partial input) are unknown, not absent.
  const namespace = /\/ns\/([^/*]+)\/sa\//.exec(principal)?.[1];
  if (namespace !== undefined && !registryDescribes(namespace, ctx)) return true;
  return principal.startsWith(trustDomain) && identities.has(principal.slice(trustDomain.length));
}

/** Kiali's regexpFromPrincipal: `*` → `.*`, anchored; other characters literal except `.`. */
function principalPattern(principal: string): RegExp {
  const body = principal
    .split('*')
    .map((part) => part.replace(/[\\^$+?()[\]{}|/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
