/**
 * KIA0501: a namespace-wide PeerAuthentication (selector-less, outside the root namespace) is
 * STRICT, but no DestinationRule with ISTIO_MUTUAL for the namespace (host
 * `*.<namespace>.svc.<cluster domain>`) or the mesh (`*.local`) makes clients send mTLS.
 *
 * Kiali: `business/checkers/peerauthentications/namespace_mtls_checker.go`; skipped with auto mTLS
 * on (Istio's default), as Kiali does since kiali/kiali#6009.
 */
import { defineRule } from '../../rule.ts';
import {
  destinationRulesFor,
  meshWideHost,
  namespaceWideHost,
  namespaceWidePeerMode,
  tlsModeForHost,
} from './mtls-policy.ts';

export const peerAuthenticationNamespaceMtlsRule = defineRule({
  id: 'peerauthentication/namespace-destination-rule-missing',
  kind: 'PeerAuthentication',
  check(pa, ctx) {
    const namespace = pa.metadata.namespace;
    if (namespace === ctx.options.rootNamespace || ctx.options.autoMtls) return [];
    if (namespaceWidePeerMode(pa) !== 'STRICT') return [];
    const enabled = [namespaceWideHost(namespace, ctx), meshWideHost].some((host) =>
      destinationRulesFor(host, namespace, ctx).some((dr) => tlsModeForHost(dr, host) === 'ISTIO_MUTUAL'),
    );
    return enabled ? [] : [{ code: 'KIA0501', path: ['spec', 'mtls'] }];
  },
});
