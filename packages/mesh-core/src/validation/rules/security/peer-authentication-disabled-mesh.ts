/**
 * KIA0506: the mesh-wide PeerAuthentication (selector-less, in the root namespace) disables mTLS,
 * but a mesh-wide DestinationRule (`*.local`) with MUTUAL or ISTIO_MUTUAL still makes every client
 * send it, so servers refuse the traffic.
 *
 * Kiali: `business/checkers/peerauthentications/disabled_meshwide_checker.go`.
 */
import { defineRule } from '../../rule.ts';
import { destinationRulesFor, meshWideHost, namespaceWidePeerMode, tlsModeForHost } from './mtls-policy.ts';

export const peerAuthenticationDisabledMeshRule = defineRule({
  id: 'peerauthentication/mesh-disabled-destination-rule-missing',
  kind: 'PeerAuthentication',
  check(pa, ctx) {
    const namespace = pa.metadata.namespace;
    if (namespace !== ctx.options.rootNamespace || namespaceWidePeerMode(pa) !== 'DISABLE') return [];
    const sends = destinationRulesFor(meshWideHost, namespace, ctx).some((dr) => {
      const mode = tlsModeForHost(dr, meshWideHost);
      return mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';
    });
    return sends ? [{ code: 'KIA0506', path: ['spec', 'mtls'] }] : [];
  },
});
