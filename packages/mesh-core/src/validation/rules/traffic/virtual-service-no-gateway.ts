/**
 * KIA1102: a VirtualService binds to a Gateway that does not exist, so its routes are not
 * applied where the author meant them to be (kiali/kiali `business/checkers/virtualservices/
 * no_gateway_checker.go`). `mesh` is the reserved name for the sidecars and always exists.
 *
 * A reference is `namespace/name`, a short name (the VirtualService's namespace), or Kiali's
 * old `name.namespace[.svc.<cluster domain>]` form; in that form any suffix after the namespace
 * must be the cluster's `svc.<domain>` for the gateway to be found, as in Kiali. Checked in
 * `spec/gateways[k]` and, as Kiali does, in the gateways of each HTTP match:
 * `spec/http[i]/match[j]/gateways[k]`.
 */
import type { Path } from '../../../config/path.ts';
import type { IstioResource } from '../../../config/resource.ts';
import type { RuleFinding } from '../../finding.ts';
import type { ValidationContext } from '../../context.ts';
import { defineRule } from '../../rule.ts';

function buildGatewayKeys(gateways: readonly IstioResource<'Gateway'>[]): ReadonlySet<string> {
  return new Set(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
}

/** The `namespace/name` a gateway reference points at, or undefined when it cannot name one. */
export function gatewayReferenceKey(
  reference: string,
  vsNamespace: string,
  ctx: ValidationContext,
): string | undefined {
  const slash = reference.indexOf('/');
  if (slash !== -1) return reference;
  if (!reference.includes('.')) return `${vsNamespace}/${reference}`;
  const [name = '', namespace = vsNamespace, ...cluster] = reference.split('.');
  if (cluster.length > 0 && cluster.join('.') !== `svc.${ctx.options.clusterDomain}`) return undefined;
  return `${namespace}/${name}`;
}

function missingGateways(
  gateways: readonly string[],
  base: Path,
  vs: IstioResource<'VirtualService'>,
  ctx: ValidationContext,
): RuleFinding[] {
  const known = ctx.index('Gateway', buildGatewayKeys);
  const findings: RuleFinding[] = [];
  gateways.forEach((reference, k) => {
    if (reference === 'mesh') return;
    const key = gatewayReferenceKey(reference, vs.metadata.namespace, ctx);
    if (key === undefined || !known.has(key))
      findings.push({ code: 'KIA1102', path: [...base, 'gateways', k] });
  });
  return findings;
}

export const virtualServiceNoGatewayRule = defineRule({
  id: 'virtualservice/no-gateway',
  kind: 'VirtualService',
  check(vs, ctx) {
    const findings = missingGateways(vs.spec.gateways ?? [], ['spec'], vs, ctx);
    (vs.spec.http ?? []).forEach((route, i) => {
      (route.match ?? []).forEach((match, j) => {
        findings.push(...missingGateways(match.gateways ?? [], ['spec', 'http', i, 'match', j], vs, ctx));
      });
    });
    return findings;
  },
});
