/**
 * The mTLS status of the mesh and of a namespace, as Kiali computes it for `GET /api/mesh/tls`
 * and `GET /api/namespaces/{namespace}/tls` (kiali business/tls.go with util/mtls/status.go).
 *
 * Each level reads two settings: the mode of the first DestinationRule whose host is exactly the
 * level's wildcard (`*.local` for the mesh, `*.<ns>.svc.<domain>` for a namespace) and sets
 * `trafficPolicy.tls`, and the mode of the first selector-less PeerAuthentication of the level's
 * namespace (the root namespace for the mesh; none for the root namespace as a namespace) that
 * sets `mtls`. They combine as Kiali's `finalStatus` (PERMISSIVE does not enable here):
 *
 * | PeerAuthentication | DestinationRule                      | status                  |
 * |--------------------|--------------------------------------|-------------------------|
 * | STRICT             | ISTIO_MUTUAL, MUTUAL, or none + auto | MTLS_ENABLED            |
 * | DISABLE            | DISABLE, or none + auto mTLS         | MTLS_DISABLED           |
 * | none               | none                                 | MTLS_NOT_ENABLED        |
 * | anything else      |                                      | MTLS_PARTIALLY_ENABLED  |
 *
 * The mesh's result then goes through Kiali's `OverallMtlsStatus`: a half setting (only one side
 * given) is DISABLED when that side disables, ENABLED when it enables and auto mTLS is on. The
 * namespace's result is sent as is: the console combines it with the mesh's (`nsWideMTLSStatus`).
 */
import type { IstioResource } from '../config/resource.ts';
import { destinationRuleTlsMode, namespaceWidePeerMode } from '../validation/rules/security/mtls-policy.ts';
import { INVENTORY_CLUSTER } from './model.ts';
import type { MtlsStatus, MtlsStatusValue } from './wire.ts';

export interface MtlsInput {
  readonly resources: readonly IstioResource[];
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  /** MeshConfig `enableAutoMtls` (Istio's default: true). */
  readonly autoMtls: boolean;
}

/** The two settings of one level: '' where none is given. */
interface LevelSettings {
  readonly dr: string;
  readonly pa: string;
}

function firstDestinationRuleMode(resources: readonly IstioResource[], host: string): string {
  for (const r of resources) {
    if (r.kind !== 'DestinationRule') continue;
    const dr = r as IstioResource<'DestinationRule'>;
    if (dr.spec.host !== host) continue;
    const mode = destinationRuleTlsMode(dr);
    if (mode !== '') return mode;
  }
  return '';
}

function firstPeerMode(resources: readonly IstioResource[], namespace: string): string {
  for (const r of resources) {
    if (r.kind !== 'PeerAuthentication' || r.metadata.namespace !== namespace) continue;
    const mode = namespaceWidePeerMode(r as IstioResource<'PeerAuthentication'>);
    if (mode !== '') return mode;
  }
  return '';
}

/** Kiali's `finalStatus` with `AllowPermissive: false`. */
export function combineMtls(s: LevelSettings, autoMtls: boolean): MtlsStatusValue {
  const drEnables = s.dr === 'ISTIO_MUTUAL' || s.dr === 'MUTUAL' || (s.dr === '' && autoMtls);
  const drDisables = s.dr === 'DISABLE' || (s.dr === '' && autoMtls);
  if (s.pa === 'STRICT' && drEnables) return 'MTLS_ENABLED';
  if (s.pa === 'DISABLE' && drDisables) return 'MTLS_DISABLED';
  if (s.pa === '' && s.dr === '') return 'MTLS_NOT_ENABLED';
  return 'MTLS_PARTIALLY_ENABLED';
}

/** Kiali's `OverallMtlsStatus` for the mesh level alone (no namespace setting). */
function overallMeshStatus(s: LevelSettings, autoMtls: boolean): MtlsStatusValue {
  const combined = combineMtls(s, autoMtls);
  if (combined === 'MTLS_ENABLED' || combined === 'MTLS_DISABLED') return combined;
  if (s.pa === '' && s.dr === '') return 'MTLS_NOT_ENABLED';
  if ((s.pa === 'DISABLE' && s.dr === '') || (s.dr === 'DISABLE' && s.pa === '')) return 'MTLS_DISABLED';
  const drEnables = s.dr === 'ISTIO_MUTUAL' || s.dr === 'MUTUAL';
  if (autoMtls && ((s.pa === 'STRICT' && s.dr === '') || (drEnables && s.pa === ''))) return 'MTLS_ENABLED';
  return 'MTLS_PARTIALLY_ENABLED';
}

/** `GET /api/mesh/tls`. */
export function meshMtlsStatus(input: MtlsInput): MtlsStatus {
  const settings = {
    dr: firstDestinationRuleMode(input.resources, '*.local'),
    pa: firstPeerMode(input.resources, input.rootNamespace),
  };
  return {
    status: overallMeshStatus(settings, input.autoMtls),
    autoMTLSEnabled: input.autoMtls,
    // Meshlens has no MeshConfig `meshMTLS.minProtocolVersion`: Kiali's word for unset.
    minTLS: 'N/A',
  };
}

/** `GET /api/namespaces/{namespace}/tls`. */
export function namespaceMtlsStatus(input: MtlsInput, namespace: string): MtlsStatus {
  const settings = {
    dr: firstDestinationRuleMode(input.resources, `*.${namespace}.svc.${input.clusterDomain}`),
    // The root namespace's PeerAuthentications are the mesh's, not the namespace's.
    pa: namespace === input.rootNamespace ? '' : firstPeerMode(input.resources, namespace),
  };
  return {
    status: combineMtls(settings, input.autoMtls),
    autoMTLSEnabled: input.autoMtls,
    minTLS: '',
    cluster: INVENTORY_CLUSTER,
    namespace,
  };
}
