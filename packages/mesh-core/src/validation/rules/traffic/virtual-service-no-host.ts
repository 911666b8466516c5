/**
 * KIA1101: a route destination of a VirtualService (http, tcp or tls) names a host that nothing
 * in the mesh defines, so Istio has no cluster to send the traffic to and the route fails
 * (kiali/kiali `business/checkers/virtualservices/no_host_checker.go`).
 *
 * The host is read as Kiali's GetHost reads it (short name in the VirtualService's namespace,
 * `name.namespace`, `name.namespace.svc`, FQDN, external name) and looked up as described in
 * `destination-hosts.ts`: a Kubernetes Service exported to the VirtualService's namespace, or
 * ServiceEntries seen wherever the VirtualService is; workloads without a Service do not count.
 * Path: `spec/<http|tcp|tls>[i]/route[j]/destination/host`.
 *
 * Kiali lowers this to a warning when the mesh's outboundTrafficPolicy is explicitly ALLOW_ANY
 * (mesh option `outboundTrafficPolicy`).
 */
import type { RuleFinding } from '../../finding.ts';
import { getHost } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { hostNotFoundSeverity } from '../../context.ts';
import { hostIsDefined } from './destination-hosts.ts';
import { destinationsOf } from './routes.ts';
import { exportVisibility } from './visibility.ts';

export const virtualServiceNoHostRule = defineRule({
  id: 'virtualservice/no-host',
  kind: 'VirtualService',
  check(vs, ctx) {
    const namespace = vs.metadata.namespace;
    const visibility = exportVisibility(vs.spec.exportTo, namespace, ctx);
    const findings: RuleFinding[] = [];
    for (const destination of destinationsOf(vs.spec)) {
      if (destination.host === '') continue;
      const host = getHost(destination.host, namespace, ctx);
      // Admission refuses wildcard destinations; a wildcard cannot be looked up as one host.
      if (host.wildcard) continue;
      if (!hostIsDefined({ host, namespace, visibility, workloadsCount: false }, ctx)) {
        findings.push({
          code: 'KIA1101',
          path: [...destination.path, 'destination', 'host'],
          ...hostNotFoundSeverity(ctx.options),
        });
      }
    }
    return findings;
  },
});
