/**
 * KIA0105: the policy matches on peer identity, which only mTLS carries, but the workloads it
 * applies to do not receive mTLS traffic.
 *
 * Kiali (`business/checkers/authorization/mtls_enabled_checker.go`) flags, in each rule, non-empty
 * `from[].source.principals`, `notPrincipals`, `namespaces` and `notNamespaces` (path of the list)
 * and `when[]` conditions on `source.namespace`, `source.principal` or `connection.sni` (path of
 * the condition), when mTLS is not enabled for the policy's selector labels in its namespace (see
 * `mtls-status.ts`). Without mTLS these fields never match, so an ALLOW policy denies everything
 * and a DENY policy denies nothing.
 *
 * Auto mTLS is MeshConfig state (`enableAutoMtls`): the registered rule assumes Istio's default,
 * on, under which a namespace without any PeerAuthentication or DestinationRule receives mTLS.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { Path } from '../../../config/path.ts';
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';
import { receivesMtls } from './mtls-status.ts';

const identityConditionKeys = new Set(['source.namespace', 'source.principal', 'connection.sni']);
const identitySourceFields = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'] as const;

export const authorizationPolicyMtlsRule = defineRule({
  id: 'authorizationpolicy/mtls-required',
  kind: 'AuthorizationPolicy',
  check(policy, ctx) {
    const paths = fieldsNeedingMtls(policy);
    if (paths.length === 0) return [];
    const selector = policy.spec.selector;
    const labels = selector === undefined ? {} : selector.matchLabels;
    if (receivesMtls({ namespace: policy.metadata.namespace, labels, ctx, autoMtls: ctx.options.autoMtls }))
      return [];
    return paths.map((path): RuleFinding => ({ code: 'KIA0105', path }));
  },
});

function fieldsNeedingMtls(policy: IstioResource<'AuthorizationPolicy'>): Path[] {
  const paths: Path[] = [];
  (policy.spec.rules ?? []).forEach((rule, r) => {
    (rule.from ?? []).forEach((from, f) => {
      const source = from.source;
      if (!source) return;
      for (const field of identitySourceFields) {
        if ((source[field]?.length ?? 0) > 0) paths.push(['spec', 'rules', r, 'from', f, 'source', field]);
      }
    });
    (rule.when ?? []).forEach((condition, w) => {
      if (identityConditionKeys.has(condition.key)) paths.push(['spec', 'rules', r, 'when', w]);
    });
  });
  return paths;
}
