/**
 * KIA0505: a namespace-wide PeerAuthentication (selector-less, outside the root namespace)
 * disables mTLS, but DestinationRules still make the namespace's clients send it.
 *
 * Kiali (`business/checkers/peerauthentications/disabled_namespacewide_checker.go`): among the
 * DestinationRules exported to the namespace, the first namespace-wide one
 * (`*.<namespace>.svc.<cluster domain>`) with a TLS setting decides — MUTUAL or ISTIO_MUTUAL is
 * reported, DISABLE is fine; without a deciding one, a mesh-wide (`*.local`) MUTUAL or
 * ISTIO_MUTUAL rule is reported. Servers then refuse the mTLS clients send them.
 */
import { defineRule } from '../../rule.ts';
import {
  destinationRulesFor,
  meshWideHost,
  namespaceWideHost,
  namespaceWidePeerMode,
  tlsModeForHost,
} from './mtls-policy.ts';

const sendsMtls = (mode: string): boolean => mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';

export const peerAuthenticationDisabledNamespaceRule = defineRule({
  id: 'peerauthentication/namespace-disabled-destination-rule-missing',
  kind: 'PeerAuthentication',
  check(pa, ctx) {
    const namespace = pa.metadata.namespace;
    if (namespace === ctx.options.rootNamespace || namespaceWidePeerMode(pa) !== 'DISABLE') return [];
    const nsHost = namespaceWideHost(namespace, ctx);
    for (const dr of destinationRulesFor(nsHost, namespace, ctx)) {
      const mode = tlsModeForHost(dr, nsHost);
      if (sendsMtls(mode)) return [{ code: 'KIA0505', path: ['spec', 'mtls'] }];
      if (mode === 'DISABLE') return [];
    }
    const meshSends = destinationRulesFor(meshWideHost, namespace, ctx).some((dr) =>
      sendsMtls(tlsModeForHost(dr, meshWideHost)),
    );
    return meshSends ? [{ code: 'KIA0505', path: ['spec', 'mtls'] }] : [];
  },
});
