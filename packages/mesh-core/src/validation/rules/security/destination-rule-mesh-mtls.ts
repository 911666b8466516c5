/**
 * KIA0205: a mesh-wide DestinationRule (host `*.local`) makes every client use ISTIO_MUTUAL, but
 * no mesh-wide PeerAuthentication (selector-less, in the root namespace) accepts mTLS (STRICT or
 * PERMISSIVE).
 *
 * Kiali: `business/checkers/destinationrules/meshwide_mtls_checker.go`. With auto mTLS on (Istio's
 * default) Kiali skips it since kiali/kiali#10190: workloads accept mTLS by default then.
 */
import { defineRule } from '../../rule.ts';
import {
  enablesMtls,
  meshPeerAuthentications,
  meshWideHost,
  namespaceWidePeerMode,
  tlsModeForHost,
} from './mtls-policy.ts';

export const destinationRuleMeshMtlsRule = defineRule({
  id: 'destinationrule/mesh-peer-authentication-missing',
  kind: 'DestinationRule',
  check(dr, ctx) {
    if (ctx.options.autoMtls || tlsModeForHost(dr, meshWideHost) !== 'ISTIO_MUTUAL') return [];
    if (meshPeerAuthentications(ctx).some((pa) => enablesMtls(namespaceWidePeerMode(pa)))) return [];
    return [{ code: 'KIA0205', path: ['spec', 'trafficPolicy', 'tls', 'mode'] }];
  },
});
