/**
 * KIA0206: a namespace-wide DestinationRule (host `*.<its namespace>.svc.<cluster domain>`) makes
 * the namespace's clients use ISTIO_MUTUAL, but neither a selector-less PeerAuthentication of that
 * namespace nor a mesh-wide one accepts mTLS.
 *
 * Kiali: `business/checkers/destinationrules/namespacewide_mtls_checker.go`; skipped with auto mTLS
 * on (Istio's default) since kiali/kiali#10190.
 */
import { defineRule } from '../../rule.ts';
import {
  enablesMtls,
  meshPeerAuthentications,
  namespaceWideHost,
  namespaceWidePeerMode,
  peerAuthenticationsIn,
  tlsModeForHost,
} from './mtls-policy.ts';

export const destinationRuleNamespaceMtlsRule = defineRule({
  id: 'destinationrule/namespace-peer-authentication-missing',
  kind: 'DestinationRule',
  check(dr, ctx) {
    const namespace = dr.metadata.namespace;
    if (ctx.options.autoMtls || tlsModeForHost(dr, namespaceWideHost(namespace, ctx)) !== 'ISTIO_MUTUAL')
      return [];
    const accepts = [...peerAuthenticationsIn(namespace, ctx), ...meshPeerAuthentications(ctx)].some((pa) =>
      enablesMtls(namespaceWidePeerMode(pa)),
    );
    return accepts ? [] : [{ code: 'KIA0206', path: ['spec', 'trafficPolicy', 'tls', 'mode'] }];
  },
});
