/**
 * KIA1105: one route lists the same host and subset in more than one destination. Istio accepts
 * it, but the split is then not what the weights suggest, and it is usually a typo for another
 * subset (kiali/kiali `business/checkers/virtualservices/route_checker.go`). Hosts are compared
 * by FQDN (`reviews` and `reviews.bookinfo.svc.cluster.local` are the same host), a missing
 * subset counts as the subset "". Every repeated destination is reported, at Kiali's path
 * `spec/<http|tcp|tls>[i]/route[j]/host`.
 */
import type { RuleFinding } from '../../finding.ts';
import { getHost } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { routesOf } from './routes.ts';

export const virtualServiceRepeatedSubsetRule = defineRule({
  id: 'virtualservice/repeated-subset',
  kind: 'VirtualService',
  check(vs, ctx) {
    const findings: RuleFinding[] = [];
    for (const route of routesOf(vs.spec)) {
      if (route.destinations.length < 2) continue;
      const seen = new Map<string, number[]>();
      route.destinations.forEach((d, j) => {
        const key = `${getHost(d.host, vs.metadata.namespace, ctx).fqdn}\u0000${d.subset ?? ''}`;
        const indexes = seen.get(key) ?? [];
        indexes.push(j);
        seen.set(key, indexes);
      });
      for (const indexes of seen.values()) {
        if (indexes.length < 2) continue;
        for (const j of indexes)
          findings.push({ code: 'KIA1105', path: ['spec', route.kind, route.index, 'route', j, 'host'] });
      }
    }
    return findings;
  },
});
