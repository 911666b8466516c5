/**
 * How Kiali reads mTLS intent from PeerAuthentications and DestinationRules, and the indexes the
 * mTLS rules share.
 *
 * Kiali's terms (kiali/kiali `kubernetes/istio_details.go`):
 * - a PeerAuthentication is namespace-wide (mesh-wide in the root namespace) when it has no
 *   `selector` at all; its mode is `spec.mtls.mode`, `UNSET` when `mtls` is given without a mode,
 *   and nothing when `mtls` is absent. STRICT and PERMISSIVE "enable" mTLS.
 * - a DestinationRule is mesh-wide when its host is exactly `*.local`, namespace-wide when it is
 *   exactly `*.<namespace>.svc.<cluster domain>`; its mode is `trafficPolicy.tls.mode`, which reads
 *   as `DISABLE` when `tls` is given without a mode (the enum's zero value), and nothing when
 *   `tls` is absent. Only ISTIO_MUTUAL "enables" mTLS.
 * - the DestinationRules an object sees are those exported to its namespace.
 *
 * Whether the mesh runs Istio's auto mTLS is control-plane state Kiali reads from MeshConfig
 * (`enableAutoMtls`, default true; Kiali treats an unset value as true since kiali/kiali#10234):
 * the rules read it from the mesh options (`ctx.options.autoMtls`).
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import { isExportedTo } from '../../hosts.ts';

type PeerAuthentication = IstioResource<'PeerAuthentication'>;
type DestinationRule = IstioResource<'DestinationRule'>;

export const meshWideHost = '*.local';

export function namespaceWideHost(namespace: string, ctx: ValidationContext): string {
  return `*.${namespace}.svc.${ctx.options.clusterDomain}`;
}

/** Kiali's PeerAuthnMTLSMode: the mode, `UNSET` for `mtls: {}`, '' without `mtls`. */
export function peerAuthenticationMode(pa: PeerAuthentication): string {
  const mtls = pa.spec.mtls;
  return mtls ? (mtls.mode ?? 'UNSET') : '';
}

/** Kiali's PeerAuthnHasMTLSEnabled: the mode of a selector-less PeerAuthentication, '' otherwise. */
export function namespaceWidePeerMode(pa: PeerAuthentication): string {
  return pa.spec.selector === undefined ? peerAuthenticationMode(pa) : '';
}

export function enablesMtls(peerMode: string): boolean {
  return peerMode === 'STRICT' || peerMode === 'PERMISSIVE';
}

/** Kiali's DestinationRuleHasMTLSEnabled mode: `trafficPolicy.tls.mode`, DISABLE for `tls: {}`. */
export function destinationRuleTlsMode(dr: DestinationRule): string {
  const tls = dr.spec.trafficPolicy?.tls;
  return tls ? (tls.mode ?? 'DISABLE') : '';
}

/** The DestinationRule's TLS mode when its host is exactly `host`, '' otherwise. */
export function tlsModeForHost(dr: DestinationRule, host: string): string {
  return dr.spec.host === host ? destinationRuleTlsMode(dr) : '';
}

interface PeerAuthenticationIndex {
  readonly byNamespace: ReadonlyMap<string, readonly PeerAuthentication[]>;
}

function buildPeerAuthenticationIndex(items: readonly PeerAuthentication[]): PeerAuthenticationIndex {
  const byNamespace = new Map<string, PeerAuthentication[]>();
  for (const pa of items) {
    const list = byNamespace.get(pa.metadata.namespace) ?? [];
    list.push(pa);
    byNamespace.set(pa.metadata.namespace, list);
  }
  return { byNamespace };
}

const noPeerAuthentications: readonly PeerAuthentication[] = [];

/** PeerAuthentications in `namespace`, in snapshot order. */
export function peerAuthenticationsIn(
  namespace: string,
  ctx: ValidationContext,
): readonly PeerAuthentication[] {
  return (
    ctx.index('PeerAuthentication', buildPeerAuthenticationIndex).byNamespace.get(namespace) ??
    noPeerAuthentications
  );
}

/** PeerAuthentications of the root namespace: Kiali's "mesh peer authentications". */
export function meshPeerAuthentications(ctx: ValidationContext): readonly PeerAuthentication[] {
  return peerAuthenticationsIn(ctx.options.rootNamespace, ctx);
}

interface DestinationRuleHostIndex {
  readonly byHost: ReadonlyMap<string, readonly DestinationRule[]>;
}

function buildDestinationRuleHostIndex(items: readonly DestinationRule[]): DestinationRuleHostIndex {
  const byHost = new Map<string, DestinationRule[]>();
  for (const dr of items) {
    const list = byHost.get(dr.spec.host) ?? [];
    list.push(dr);
    byHost.set(dr.spec.host, list);
  }
  return { byHost };
}

/** DestinationRules whose host is exactly `host` and that are exported to `viewer`, in snapshot order. */
export function destinationRulesFor(host: string, viewer: string, ctx: ValidationContext): DestinationRule[] {
  const all = ctx.index('DestinationRule', buildDestinationRuleHostIndex).byHost.get(host) ?? [];
  return all.filter((dr) => isExportedTo(dr.spec.exportTo, dr.metadata.namespace, viewer));
}

/** The mode of the first DestinationRule seen from `viewer` with exactly `host` and any TLS setting. */
export function firstTlsModeForHost(host: string, viewer: string, ctx: ValidationContext): string {
  for (const dr of destinationRulesFor(host, viewer, ctx)) {
    const mode = destinationRuleTlsMode(dr);
    if (mode !== '') return mode;
  }
  return '';
}

/** The mode of the first namespace-wide PeerAuthentication of `namespace` that sets `mtls`. */
export function firstNamespaceWidePeerMode(namespace: string, ctx: ValidationContext): string {
  for (const pa of peerAuthenticationsIn(namespace, ctx)) {
    const mode = namespaceWidePeerMode(pa);
    if (mode !== '') return mode;
  }
  return '';
}
