/**
 * KIA0101: a namespace in `rules[].from[].source.namespaces` matches no namespace of the mesh.
 *
 * Kiali (`business/checkers/authorization/namespace_method_checker.go`) compares each entry with
 * the cluster's namespaces; since kiali/kiali#10225 it honours Istio's string matching for the
 * field — exact `ns`, prefix `ns*`, suffix `*ns`, presence `*` — so a pattern is reported only
 * when no namespace matches it. A policy naming a missing namespace silently never matches that
 * traffic, hence a warning.
 */
import type { ValidationContext } from '../../context.ts';
import type { RuleFinding } from '../../finding.ts';
import { namespaceNames } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';

export const authorizationPolicyNamespaceRule = defineRule({
  id: 'authorizationpolicy/namespace-not-found',
  kind: 'AuthorizationPolicy',
  check(policy, ctx) {
    const findings: RuleFinding[] = [];
    (policy.spec.rules ?? []).forEach((rule, r) => {
      (rule.from ?? []).forEach((from, f) => {
        (from.source?.namespaces ?? []).forEach((pattern, n) => {
          if (!namespacePatternMatches(pattern, ctx)) {
            findings.push({
              code: 'KIA0101',
              path: ['spec', 'rules', r, 'from', f, 'source', 'namespaces', n],
            });
          }
        });
      });
    });
    return findings;
  },
});

/** Istio's exact / prefix / suffix / presence match of `pattern` against the mesh's namespaces. */
function namespacePatternMatches(pattern: string, ctx: ValidationContext): boolean {
  const namespaces = namespaceNames(ctx);
  if (namespaces.has(pattern)) return true;
  if (pattern === '*') return namespaces.size > 0;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return [...namespaces].some((ns) => ns.startsWith(prefix));
  }
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    return [...namespaces].some((ns) => ns.endsWith(suffix));
  }
  return false;
}
