/**
 * KIA1108 (info): a VirtualService names a gateway in Kiali's old `name.namespace` form rather
 * than Istio's `namespace/name` (kiali/kiali `business/checkers/virtualservices/
 * no_gateway_checker.go`, checkNomenclature). Istio still resolves the legacy form, but its
 * documented reference is `<gateway namespace>/<gateway name>`.
 *
 * Kiali reports it at `spec/gateways[k]` even for the gateways of an HTTP match (with k the
 * index in the match's list); Meshlens points at the reference itself there:
 * `spec/http[i]/match[j]/gateways[k]`.
 */
import type { Path } from '../../../config/path.ts';
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';

function oldNomenclature(gateways: readonly string[], base: Path): RuleFinding[] {
  const findings: RuleFinding[] = [];
  gateways.forEach((reference, k) => {
    if (reference.includes('.') && !reference.includes('/'))
      findings.push({ code: 'KIA1108', path: [...base, 'gateways', k] });
  });
  return findings;
}

export const virtualServiceGatewayNomenclatureRule = defineRule({
  id: 'virtualservice/gateway-nomenclature',
  kind: 'VirtualService',
  check(vs) {
    const findings = oldNomenclature(vs.spec.gateways ?? [], ['spec']);
    (vs.spec.http ?? []).forEach((route, i) => {
      (route.match ?? []).forEach((match, j) => {
        findings.push(...oldNomenclature(match.gateways ?? [], ['spec', 'http', i, 'match', j]));
      });
    });
    return findings;
  },
});
