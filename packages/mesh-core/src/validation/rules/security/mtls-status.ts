/**
 * Whether a workload receives mTLS traffic, decided as Kiali decides it for KIA0105
 * (kiali/kiali `util/mtls/status.go`, `business/checkers/authorization/mtls_enabled_checker.go`).
 *
 * The algorithm combines a DestinationRule status (the mode of the first namespace- or mesh-wide
 * rule with a TLS setting) and a PeerAuthentication status (the mode of the first selector-less
 * PeerAuthentication with `mtls`) into one of ENABLED / PARTIALLY / NOT_ENABLED / DISABLED, first
 * for the namespace, then for the mesh (root namespace, `*.local` rules); the namespace wins when
 * it decides, a partial namespace setting inherits the missing half from the mesh, and with auto
 * mTLS a mesh without any setting counts as ENABLED. A PeerAuthentication with a selector matching
 * the policy's selector labels decides first: STRICT enables, DISABLE disables, PERMISSIVE enables
 * only when a DestinationRule for a Service of those workloads sets MUTUAL/ISTIO_MUTUAL.
 */
import type { MeshRegistry, ServiceInfo } from '../../../config/kube.ts';
import type { ValidationContext } from '../../context.ts';
import { selectorMatches } from '../../hosts.ts';
import {
  destinationRuleTlsMode,
  destinationRulesFor,
  firstNamespaceWidePeerMode,
  firstTlsModeForHost,
  meshWideHost,
  namespaceWideHost,
  peerAuthenticationMode,
  peerAuthenticationsIn,
} from './mtls-policy.ts';

export type MtlsStatus = 'MTLS_ENABLED' | 'MTLS_PARTIALLY_ENABLED' | 'MTLS_NOT_ENABLED' | 'MTLS_DISABLED';

interface TlsStatus {
  readonly dr: string;
  readonly pa: string;
  readonly overall: MtlsStatus | '';
}

interface StatusSettings {
  readonly autoMtls: boolean;
  /** Whether PERMISSIVE enables: Kiali allows it per level, not when merging levels. */
  readonly allowPermissive: boolean;
}

function finalStatus(s: StatusSettings, dr: string, pa: string): TlsStatus {
  const drEnabled = dr === 'ISTIO_MUTUAL' || dr === 'MUTUAL' || (dr === '' && s.autoMtls);
  const drDisabled = dr === 'DISABLE' || (dr === '' && s.autoMtls);
  let overall: MtlsStatus = 'MTLS_PARTIALLY_ENABLED';
  if ((pa === 'STRICT' || (pa === 'PERMISSIVE' && s.allowPermissive)) && drEnabled) overall = 'MTLS_ENABLED';
  else if (pa === 'DISABLE' && drDisabled) overall = 'MTLS_DISABLED';
  else if (pa === '' && dr === '') overall = 'MTLS_NOT_ENABLED';
  return { dr, pa, overall };
}

function halfDefined(s: StatusSettings, t: TlsStatus): boolean {
  if (!s.autoMtls) return false;
  const drOn = t.dr === 'ISTIO_MUTUAL' || t.dr === 'MUTUAL';
  return (
    (t.pa === 'STRICT' && t.dr === '') ||
    (drOn && t.pa === '') ||
    (s.allowPermissive && t.pa === 'PERMISSIVE' && t.dr === '')
  );
}

const noStatus: TlsStatus = { dr: '', pa: '', overall: '' };

/** Kiali's OverallMtlsStatus: the namespace decides if it can, else it inherits from the mesh. */
function overallStatus(s: StatusSettings, ns: TlsStatus, mesh: TlsStatus): MtlsStatus {
  if (ns.overall === 'MTLS_ENABLED' || ns.overall === 'MTLS_DISABLED') return ns.overall;
  if (ns.overall === 'MTLS_PARTIALLY_ENABLED') {
    const inherited = finalStatus(s, ns.dr === '' ? mesh.dr : ns.dr, ns.pa === '' ? mesh.pa : ns.pa);
    return overallStatus(s, noStatus, inherited);
  }
  if (mesh.overall === 'MTLS_ENABLED' || mesh.overall === 'MTLS_DISABLED') return mesh.overall;
  if (mesh.pa === '' && mesh.dr === '') return 'MTLS_NOT_ENABLED';
  if ((mesh.pa === 'DISABLE' && mesh.dr === '') || (mesh.dr === 'DISABLE' && mesh.pa === ''))
    return 'MTLS_DISABLED';
  if (halfDefined(s, mesh)) return 'MTLS_ENABLED';
  return 'MTLS_PARTIALLY_ENABLED';
}

/** mTLS status of `namespace` from its selector-less PeerAuthentication and `*.<ns>.svc` rules. */
function namespaceStatus(namespace: string, ctx: ValidationContext, autoMtls: boolean): TlsStatus {
  const dr = firstTlsModeForHost(namespaceWideHost(namespace, ctx), namespace, ctx);
  const pa = firstNamespaceWidePeerMode(namespace, ctx);
  return finalStatus({ autoMtls, allowPermissive: true }, dr, pa);
}

/** mTLS status of the mesh (root namespace PeerAuthentications, `*.local` rules seen from `viewer`). */
function meshStatus(viewer: string, ctx: ValidationContext, autoMtls: boolean): TlsStatus {
  const s = { autoMtls, allowPermissive: true };
  const dr = firstTlsModeForHost(meshWideHost, viewer, ctx);
  const pa = firstNamespaceWidePeerMode(ctx.options.rootNamespace, ctx);
  const status = finalStatus(s, dr, pa);
  return { dr, pa, overall: overallStatus(s, noStatus, status) };
}

/** Kiali's hasMtlsEnabledForNamespace. */
function namespaceReceivesMtls(namespace: string, ctx: ValidationContext, autoMtls: boolean): boolean {
  const settings = { autoMtls, allowPermissive: false };
  let status = overallStatus(
    settings,
    namespaceStatus(namespace, ctx, autoMtls),
    meshStatus(namespace, ctx, autoMtls),
  );
  // Without any PeerAuthentication or DestinationRule, auto mTLS still encrypts sidecar traffic.
  if (status === 'MTLS_NOT_ENABLED' && autoMtls) status = 'MTLS_ENABLED';
  return status === 'MTLS_ENABLED';
}

/** Kiali's WorkloadMtlsStatus for workloads labelled `labels` in `namespace`. */
function workloadMtlsStatus(
  namespace: string,
  labels: Readonly<Record<string, string>>,
  ctx: ValidationContext,
): MtlsStatus {
  for (const pa of peerAuthenticationsIn(namespace, ctx)) {
    const selector = pa.spec.selector;
    if (selector === undefined) continue;
    const matchLabels = selector.matchLabels ?? {};
    if (!selectorMatches(matchLabels, labels)) continue;
    switch (peerAuthenticationMode(pa)) {
      case 'STRICT':
        return 'MTLS_ENABLED';
      case 'DISABLE':
        return 'MTLS_DISABLED';
      case 'PERMISSIVE':
        return permissiveWorkloadStatus(namespace, matchLabels, ctx);
      default:
        continue;
    }
  }
  return 'MTLS_NOT_ENABLED';
}

/** A PERMISSIVE workload policy: decided by the rules of the Services labelled like its selector. */
function permissiveWorkloadStatus(
  namespace: string,
  selector: Readonly<Record<string, string>>,
  ctx: ValidationContext,
): MtlsStatus {
  for (const service of servicesLabelled(namespace, selector, ctx)) {
    for (const host of serviceHostForms(service, ctx)) {
      for (const dr of destinationRulesFor(host.name, namespace, ctx)) {
        if (host.shortName && dr.metadata.namespace !== service.namespace) continue;
        const mode = destinationRuleTlsMode(dr);
        if (mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL') return 'MTLS_ENABLED';
        if (mode === 'DISABLE') return 'MTLS_DISABLED';
      }
    }
  }
  return 'MTLS_NOT_ENABLED';
}

function buildServicesByNamespace(registry: MeshRegistry): ReadonlyMap<string, readonly ServiceInfo[]> {
  const byNamespace = new Map<string, ServiceInfo[]>();
  for (const s of registry.services) {
    const list = byNamespace.get(s.namespace) ?? [];
    list.push(s);
    byNamespace.set(s.namespace, list);
  }
  return byNamespace;
}

function servicesLabelled(
  namespace: string,
  selector: Readonly<Record<string, string>>,
  ctx: ValidationContext,
): ServiceInfo[] {
  const inNamespace = ctx.registryIndex(buildServicesByNamespace).get(namespace) ?? [];
  return inNamespace.filter((s) => selectorMatches(selector, s.labels));
}

/** The host spellings Kiali's FilterByHost accepts for a Service; a short name only from its namespace. */
function serviceHostForms(
  service: ServiceInfo,
  ctx: ValidationContext,
): { name: string; shortName: boolean }[] {
  const base = `${service.name}.${service.namespace}`;
  return [
    { name: service.name, shortName: true },
    { name: base, shortName: false },
    { name: `${base}.svc`, shortName: false },
    { name: `${base}.svc.${ctx.options.clusterDomain}`, shortName: false },
  ];
}

/**
 * Kiali's IsMtlsEnabledFor: `labels` are the policy's `selector.matchLabels` ({} without a
 * selector); undefined (a selector without matchLabels) asks the namespace only.
 */
export function receivesMtls(options: {
  namespace: string;
  labels: Readonly<Record<string, string>> | undefined;
  ctx: ValidationContext;
  autoMtls: boolean;
}): boolean {
  const { namespace, labels, ctx, autoMtls } = options;
  const namespaceLevel = namespaceReceivesMtls(namespace, ctx, autoMtls);
  if (labels === undefined) return namespaceLevel;
  switch (workloadMtlsStatus(namespace, labels, ctx)) {
    case 'MTLS_ENABLED':
      return true;
    case 'MTLS_DISABLED':
      return false;
    case 'MTLS_NOT_ENABLED':
    case 'MTLS_PARTIALLY_ENABLED':
      return namespaceLevel;
  }
}
