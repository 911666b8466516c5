/**
 * KIA0207 / KIA0208: a namespace-wide DestinationRule (host `*.<its namespace>.svc.<cluster
 * domain>`) disables TLS for the namespace's clients, but the servers only accept mTLS.
 *
 * Kiali (`business/checkers/destinationrules/disabled_namespacewide_mtls_checker.go`) walks the
 * namespace's selector-less PeerAuthentications in order: the first one that enables mTLS decides
 * — STRICT is KIA0207, PERMISSIVE is fine. If none does and none disables mTLS either, a STRICT
 * mesh-wide PeerAuthentication is KIA0208. `tls` without a mode reads as DISABLE, as in Kiali.
 * Plaintext clients against STRICT servers fail every request.
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

export const destinationRuleDisabledNamespaceMtlsRule = defineRule({
  id: 'destinationrule/namespace-mtls-disabled-against-strict',
  kind: 'DestinationRule',
  check(dr, ctx) {
    const namespace = dr.metadata.namespace;
    if (tlsModeForHost(dr, namespaceWideHost(namespace, ctx)) !== 'DISABLE') return [];
    let namespaceDisables = false;
    for (const pa of peerAuthenticationsIn(namespace, ctx)) {
      const mode = namespaceWidePeerMode(pa);
      if (enablesMtls(mode)) {
        return mode === 'STRICT' ? [{ code: 'KIA0207', path: ['spec', 'trafficPolicy', 'tls', 'mode'] }] : [];
      }
      if (mode === 'DISABLE') namespaceDisables = true;
    }
    if (namespaceDisables) return [];
    const meshStrict = meshPeerAuthentications(ctx).some((pa) => namespaceWidePeerMode(pa) === 'STRICT');
    return meshStrict ? [{ code: 'KIA0208', path: ['spec', 'trafficPolicy', 'tls', 'mode'] }] : [];
  },
});
