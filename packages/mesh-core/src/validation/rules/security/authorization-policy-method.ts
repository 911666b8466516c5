/**
 * KIA0102: an entry of `rules[].to[].operation.methods` is neither an HTTP method nor a
 * fully-qualified gRPC method name (`/package.Service/Method`).
 *
 * Kiali (`namespace_method_checker.go`) accepts the HTTP methods of Go's `net/http` (compared
 * trimmed and upper-cased) and names matching `^((/[a-zA-Z.]+)+)(/[a-zA-Z]+)$`. Since
 * kiali/kiali#10184 and #10190 it also accepts Istio's string matching: presence `*`, and prefix
 * (`GE*`) or suffix (`*ET`) patterns that match an HTTP method. (The newest Kiali also stopped
 * accepting gRPC names here; the catalogue's message still offers them, and so does this rule.)
 * A method that can never be seen never matches, so the rule it is in silently never applies.
 */
import { defineRule } from '../../rule.ts';
import type { RuleFinding } from '../../finding.ts';

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'] as const;
const grpcMethod = /^((\/[a-zA-Z.]+)+)(\/[a-zA-Z]+)$/;

export const authorizationPolicyMethodRule = defineRule({
  id: 'authorizationpolicy/invalid-method',
  kind: 'AuthorizationPolicy',
  check(policy) {
    const findings: RuleFinding[] = [];
    (policy.spec.rules ?? []).forEach((rule, r) => {
      (rule.to ?? []).forEach((to, t) => {
        (to.operation?.methods ?? []).forEach((method, m) => {
          if (!isValidMethod(method)) {
            findings.push({
              code: 'KIA0102',
              path: ['spec', 'rules', r, 'to', t, 'operation', 'methods', m],
            });
          }
        });
      });
    });
    return findings;
  },
});

export function isValidMethod(method: string): boolean {
  if (grpcMethod.test(method)) return true;
  const m = method.trim().toUpperCase();
  if (m === '*') return true;
  if (m.endsWith('*') && !m.startsWith('*')) return httpMethods.some((h) => h.startsWith(m.slice(0, -1)));
  if (m.startsWith('*') && !m.endsWith('*')) return httpMethods.some((h) => h.endsWith(m.slice(1)));
  return (httpMethods as readonly string[]).includes(m);
}
