/**
 * KIA1104: a route with a single destination carries a weight between 0 and 100 (exclusive).
 * Istio sends all of the route's traffic to that destination anyway, so the weight suggests a
 * traffic split that does not happen (kiali/kiali `business/checkers/virtualservices/
 * route_checker.go`). Path: `spec/<http|tcp|tls>[i]/route[0]/weight`.
 */
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';
import { routesOf } from './routes.ts';

export const virtualServiceSingleWeightRule = defineRule({
  id: 'virtualservice/single-weight',
  kind: 'VirtualService',
  check(vs) {
    const findings: RuleFinding[] = [];
    for (const route of routesOf(vs.spec)) {
      const [only, ...rest] = route.destinations;
      if (!only || rest.length > 0) continue;
      const weight = only.weight ?? 0;
      if (weight > 0 && weight < 100) findings.push({ code: 'KIA1104', path: [...only.path, 'weight'] });
    }
    return findings;
  },
});
