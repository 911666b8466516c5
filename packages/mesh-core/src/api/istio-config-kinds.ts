/**
 * The Istio config kinds of Kiali's API as group/version/kind (Kiali's `kubernetes.*` GVKs and
 * the frontend's `dicTypeToGVK`), which of them Meshlens' config store keeps, and how the
 * console's paths and `objects` filter name them.
 *
 * Kiali keys its list and its validations by Go's `GroupVersionKind.String()`,
 * `networking.istio.io/v1, Kind=VirtualService`; its `objects` filter is a `;`-separated list of
 * those strings (they contain commas). Older Kiali took comma-separated plural names
 * (`virtualservices,gateways`); both are read here.
 */
import { istioGroupOf, istioKinds, istioVersionsOf } from '../config/kinds.ts';
import type { IstioKind } from '../config/kinds.ts';

/** Go's `schema.GroupVersionKind` as Kiali serialises it: capitalised field names. */
export interface Gvk {
  readonly Group: string;
  readonly Version: string;
  readonly Kind: string;
}

export interface KialiConfigKind {
  readonly gvk: Gvk;
  /** Old Kiali's name of the kind in `objects` (`virtualservices`, `k8sgateways`). */
  readonly plural: string;
  /** The store's kind, when Meshlens keeps config of this kind. */
  readonly stored?: IstioKind;
}

const kind = (group: string, version: string, name: string, plural: string): KialiConfigKind => {
  const stored = istioKinds.find((k) => k === name && istioGroupOf[k] === group);
  return { gvk: { Group: group, Version: version, Kind: name }, plural, ...(stored ? { stored } : {}) };
};

const NET = 'networking.istio.io';
const SEC = 'security.istio.io';
const K8S = 'gateway.networking.k8s.io';

/** Every kind of Kiali's IstioConfigList, in the order Kiali lists them. */
export const KIALI_CONFIG_KINDS: readonly KialiConfigKind[] = [
  kind(NET, 'v1', 'DestinationRule', 'destinationrules'),
  kind(NET, 'v1alpha3', 'EnvoyFilter', 'envoyfilters'),
  kind(NET, 'v1', 'Gateway', 'gateways'),
  kind(NET, 'v1', 'ServiceEntry', 'serviceentries'),
  kind(NET, 'v1', 'Sidecar', 'sidecars'),
  kind(NET, 'v1', 'VirtualService', 'virtualservices'),
  kind(NET, 'v1', 'WorkloadEntry', 'workloadentries'),
  kind(NET, 'v1', 'WorkloadGroup', 'workloadgroups'),
  kind('extensions.istio.io', 'v1alpha1', 'WasmPlugin', 'wasmplugins'),
  kind('telemetry.istio.io', 'v1', 'Telemetry', 'telemetries'),
  kind(K8S, 'v1', 'Gateway', 'k8sgateways'),
  kind(K8S, 'v1', 'GRPCRoute', 'k8sgrpcroutes'),
  kind(K8S, 'v1', 'HTTPRoute', 'k8shttproutes'),
  kind(K8S, 'v1beta1', 'ReferenceGrant', 'k8sreferencegrants'),
  kind(K8S, 'v1alpha2', 'TCPRoute', 'k8stcproutes'),
  kind(K8S, 'v1alpha2', 'TLSRoute', 'k8stlsroutes'),
  kind(SEC, 'v1', 'AuthorizationPolicy', 'authorizationpolicies'),
  kind(SEC, 'v1', 'PeerAuthentication', 'peerauthentications'),
  kind(SEC, 'v1', 'RequestAuthentication', 'requestauthentications'),
];

/** The cluster name Kiali reports for a single-cluster mesh. */
export const DEFAULT_CLUSTER = 'Kubernetes';

/** Go's `GroupVersionKind.String()`: `networking.istio.io/v1, Kind=VirtualService`. */
export function gvkString(gvk: Gvk): string {
  return `${gvk.Group}/${gvk.Version}, Kind=${gvk.Kind}`;
}

/** The key of Kiali's validations map: the GVK string, or the bare kind for the core group. */
export function validationTypeKey(gvk: Gvk): string {
  return gvk.Group === '' ? gvk.Kind : gvkString(gvk);
}

/** The GVK Kiali uses for a stored kind: its list's version, not the version it was applied with. */
export function gvkOfStoredKind(stored: IstioKind): Gvk {
  const found = KIALI_CONFIG_KINDS.find((k) => k.stored === stored);
  // Every store kind is in Kiali's list; the fallback keeps the function total.
  return (
    found?.gvk ?? { Group: istioGroupOf[stored], Version: istioVersionsOf[stored][0] ?? 'v1', Kind: stored }
  );
}

/** The GVK of an object of any kind the store keeps (Services, Deployments: Kubernetes' groups). */
export function gvkOfObjectKind(objectKind: string): Gvk {
  const istio = istioKinds.find((k) => k === objectKind);
  if (istio) return gvkOfStoredKind(istio);
  return { Group: objectKind === 'Deployment' ? 'apps' : '', Version: 'v1', Kind: objectKind };
}

export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly param: string; readonly message: string };

/**
 * The stored kind a path's `{group}/{version}/{kind}` names. The kind is matched as Kubernetes
 * does (the Kind, case-insensitively, or its plural); the version must be one Istio serves for
 * it. Kinds Kiali knows but Meshlens does not keep (Telemetry, Gateway API) are refused by name.
 */
export function resolvePathKind(group: string, version: string, kindWord: string): Resolved<IstioKind> {
  const inGroup = KIALI_CONFIG_KINDS.filter((k) => k.gvk.Group === group);
  if (inGroup.length === 0) {
    const groups = [...new Set(KIALI_CONFIG_KINDS.filter((k) => k.stored).map((k) => k.gvk.Group))];
    return {
      ok: false,
      param: 'group',
      message: `Unknown API group [${group}]; Meshlens keeps ${groups.join(', ')}`,
    };
  }
  const lower = kindWord.toLowerCase();
  const match = inGroup.find((k) => k.gvk.Kind.toLowerCase() === lower || k.plural === lower);
  if (!match) {
    const kinds = inGroup.map((k) => k.gvk.Kind).join(', ');
    return {
      ok: false,
      param: 'kind',
      message: `Unknown kind [${kindWord}] in group ${group}: one of ${kinds}`,
    };
  }
  if (!match.stored) {
    return {
      ok: false,
      param: 'kind',
      message: `Object type not managed: ${gvkString(match.gvk)} (Meshlens keeps no ${match.gvk.Kind} config)`,
    };
  }
  const versions = istioVersionsOf[match.stored];
  if (!versions.includes(version)) {
    return {
      ok: false,
      param: 'version',
      message: `Version [${version}] of ${group}/${match.gvk.Kind} is not served: one of ${versions.join(', ')}`,
    };
  }
  return { ok: true, value: match.stored };
}

const GVK_STRING = /^\s*([^/\s]*)\/([^,\s]+), Kind=(\S+)\s*$/;

/**
 * Kiali's `objects` filter read into the kinds it names: `;`-separated GVK strings (Kiali 2),
 * or comma-separated plural or Kind names (older Kiali). Empty: every kind. Unknown names are
 * refused rather than ignored.
 */
export function parseObjectsFilter(objects: string): Resolved<readonly KialiConfigKind[] | undefined> {
  if (objects.trim() === '') return { ok: true, value: undefined };
  const chosen = new Set<KialiConfigKind>();
  for (const part of objects.split(';')) {
    if (part.trim() === '') continue;
    const gvk = GVK_STRING.exec(part);
    const words = gvk ? [part] : part.split(',').filter((w) => w.trim() !== '');
    for (const word of words) {
      const found = gvk
        ? KIALI_CONFIG_KINDS.find((k) => k.gvk.Group === gvk[1] && k.gvk.Kind === gvk[3])
        : KIALI_CONFIG_KINDS.find(
            (k) => k.plural === word.trim().toLowerCase() || k.gvk.Kind === word.trim(),
          );
      if (!found) {
        return { ok: false, param: 'objects', message: `Unknown object type [${word.trim()}] in objects` };
      }
      chosen.add(found);
    }
  }
  return { ok: true, value: KIALI_CONFIG_KINDS.filter((k) => chosen.has(k)) };
}
