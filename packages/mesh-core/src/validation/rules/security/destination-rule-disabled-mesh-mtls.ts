/**
 * KIA0208: the mesh-wide DestinationRule (host `*.local`) disables TLS for every client, but a
 * mesh-wide PeerAuthentication (selector-less, root namespace) is STRICT, so servers refuse the
 * plaintext it makes clients send.
 *
 * Kiali: `business/checkers/destinationrules/disabled_meshwide_mtls_checker.go`. `tls` without a
 * mode reads as DISABLE, as in Kiali.
 */
import { defineRule } from '../../rule.ts';
import {
  meshPeerAuthentications,
  meshWideHost,
  namespaceWidePeerMode,
  tlsModeForHost,
} from './mtls-policy.ts';

export const destinationRuleDisabledMeshMtlsRule = defineRule({
  id: 'destinationrule/mesh-mtls-disabled-against-strict',
  kind: 'DestinationRule',
  check(dr, ctx) {
    if (tlsModeForHost(dr, meshWideHost) !== 'DISABLE') return [];
    const meshStrict = meshPeerAuthentications(ctx).some((pa) => namespaceWidePeerMode(pa) === 'STRICT');
    return meshStrict ? [{ code: 'KIA0208', path: ['spec', 'trafficPolicy', 'tls', 'mode'] }] : [];
  },
});
