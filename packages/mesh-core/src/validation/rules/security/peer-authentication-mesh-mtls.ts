/**
 * KIA0401: a mesh-wide PeerAuthentication (selector-less, in the root namespace) is STRICT, but no
 * mesh-wide DestinationRule (host `*.local`, ISTIO_MUTUAL) makes clients send mTLS.
 *
 * Kiali: `business/checkers/peerauthentications/mesh_mtls_checker.go`. Only meaningful without
 * auto mTLS — with it (Istio's default) sidecars send mTLS to mTLS-capable peers without any
 * DestinationRule — so Kiali skips it then (kiali/kiali#6009), and so does the registered rule.
 */
import { defineRule } from '../../rule.ts';
import { destinationRulesFor, meshWideHost, namespaceWidePeerMode, tlsModeForHost } from './mtls-policy.ts';

export const peerAuthenticationMeshMtlsRule = defineRule({
  id: 'peerauthentication/mesh-destination-rule-missing',
  kind: 'PeerAuthentication',
  check(pa, ctx) {
    const namespace = pa.metadata.namespace;
    if (namespace !== ctx.options.rootNamespace || ctx.options.autoMtls) return [];
    if (namespaceWidePeerMode(pa) !== 'STRICT') return [];
    const enabled = destinationRulesFor(meshWideHost, namespace, ctx).some(
      (dr) => tlsModeForHost(dr, meshWideHost) === 'ISTIO_MUTUAL',
    );
    return enabled ? [] : [{ code: 'KIA0401', path: ['spec', 'mtls'] }];
  },
});
