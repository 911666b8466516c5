/**
 * KIA0104: a host in `rules[].to[].operation.hosts` names a service that is not in the registry.
 *
 * Istio matches `hosts` against the request's Host header, not the registry, so since
 * kiali/kiali#10190 Kiali (`business/checkers/authorization/no_host_checker.go`) only checks the
 * entries that can only mean an in-mesh service: a short name (`reviews`) or `name.namespace` with
 * a namespace of the mesh. Wildcards, dotted names and other Host headers are skipped. A checked
 * host is known when it is (Kiali's order) a wildcard of the policy's own namespace, the suffix of
 * a ServiceEntry host, a VirtualService host, or a Kubernetes Service exported to the policy's
 * namespace.
 *
 * Kiali lowers this to a warning when the mesh's outboundTrafficPolicy is explicitly ALLOW_ANY
 * (mesh option `outboundTrafficPolicy`).
 */
import { hostNotFoundSeverity } from '../../context.ts';
import type { ValidationContext } from '../../context.ts';
import type { RuleFinding } from '../../finding.ts';
import { namespaceNames } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import type { KialiHost } from './registry-hosts.ts';
import {
  getKialiHost,
  hasMatchingVirtualService,
  hasServiceEntrySuffix,
  isKubeServiceHost,
  kialiHostName,
} from './registry-hosts.ts';

export const authorizationPolicyHostRule = defineRule({
  id: 'authorizationpolicy/host-not-found',
  kind: 'AuthorizationPolicy',
  check(policy, ctx) {
    const findings: RuleFinding[] = [];
    const namespace = policy.metadata.namespace;
    const namespaces = namespaceNames(ctx);
    (policy.spec.rules ?? []).forEach((rule, r) => {
      (rule.to ?? []).forEach((to, t) => {
        (to.operation?.hosts ?? []).forEach((name, h) => {
          if (isHostHeaderMatcher(name, namespace, namespaces)) return;
          const host = getKialiHost({ name, namespace, ctx });
          if (!isKnownHost(host, namespace, ctx)) {
            findings.push({
              code: 'KIA0104',
              path: ['spec', 'rules', r, 'to', t, 'operation', 'hosts', h],
              ...hostNotFoundSeverity(ctx.options),
            });
          }
        });
      });
    });
    return findings;
  },
});

/** Kiali's isHTTPHostHeaderMatcher: entries that only make sense as Host-header patterns. */
export function isHostHeaderMatcher(
  host: string,
  namespace: string,
  namespaces: ReadonlySet<string>,
): boolean {
  const h = host.trim();
  if (h === '') return false;
  if (h.startsWith('*') || h.endsWith('*')) return true;
  const dots = h.split('.').length - 1;
  if (dots >= 2) return true;
  if (dots === 1) {
    const ns = h.slice(h.indexOf('.') + 1);
    return ns !== namespace && !namespaces.has(ns);
  }
  return false;
}

function isKnownHost(host: KialiHost, namespace: string, ctx: ValidationContext): boolean {
  const localNamespace = host.complete ? host.namespace : (host.service.split('.')[1] ?? host.namespace);
  if (host.service.startsWith('*') && localNamespace === namespace) return true;
  const name = kialiHostName(host);
  return (
    hasServiceEntrySuffix(name, namespace, ctx) ||
    hasMatchingVirtualService(host, namespace, ctx) ||
    isKubeServiceHost(name, namespace, ctx)
  );
}
