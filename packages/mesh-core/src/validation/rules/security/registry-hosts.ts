/**
 * Host lookups as Kiali's AuthorizationPolicy and Sidecar host checks do them
 * (kiali/kiali `kubernetes/filters.go`: ParseHost, GetHost, HasMatchingServiceEntries,
 * HasMatchingVirtualServices; `kubernetes/istio_details.go`: KubeServiceHosts). These differ from
 * the destination lookups in `hosts.ts` on purpose: a ServiceEntry "matches" any host that ends
 * with one of its hosts (its wildcard prefix removed), and a VirtualService host can make a host
 * known. Every lookup is a handful of map reads over indexes memoised on the context: suffix
 * matches try each suffix of the name (bounded by the host length), never each entry.
 */
import type { MeshRegistry, ServiceInfo } from '../../../config/kube.ts';
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import type { ParsedHost } from '../../hosts.ts';
import { getHost, isExportedTo, parseHost, registryDescribes, serviceExportTo } from '../../hosts.ts';

/** Kiali's Host: `complete` for short names and cluster FQDNs (and, from GetHost, `name.ns` / `name.ns.svc`). */
export interface KialiHost {
  readonly service: string;
  readonly namespace: string;
  readonly cluster: string;
  readonly complete: boolean;
}

/** Kiali's IstioIdentityDomain: `svc.<cluster domain>`. */
export function identityDomain(ctx: ValidationContext): string {
  return `svc.${ctx.options.clusterDomain}`;
}

/** Kiali's ParseHost (`hosts.ts` parseHost) as Kiali's Host. */
export function parseKialiHost(name: string, namespace: string, ctx: ValidationContext): KialiHost {
  // A bare `*` is a short name to Kiali: every service of the namespace.
  return toKialiHost(name === '*' ? getHost(name, namespace, ctx) : parseHost(name, namespace, ctx), ctx);
}

/** Kiali's GetHost (`hosts.ts` getHost) as Kiali's Host. */
export function getKialiHost(options: {
  name: string;
  namespace: string;
  ctx: ValidationContext;
}): KialiHost {
  return toKialiHost(getHost(options.name, options.namespace, options.ctx), options.ctx);
}

function toKialiHost(host: ParsedHost, ctx: ValidationContext): KialiHost {
  if (host.internal && host.namespace !== undefined) {
    return {
      service: host.service ?? '*',
      namespace: host.namespace,
      cluster: identityDomain(ctx),
      complete: true,
    };
  }
  return { service: host.raw, namespace: '', cluster: '', complete: false };
}

/** Kiali's Host.String(): the FQDN of a complete host, the name as written otherwise. */
export function kialiHostName(host: KialiHost): string {
  if (!host.complete) return host.service;
  return host.cluster === ''
    ? `${host.service}.${host.namespace}`
    : `${host.service}.${host.namespace}.${host.cluster}`;
}

function buildServicesByName(registry: MeshRegistry): ReadonlyMap<string, ServiceInfo> {
  const byName = new Map<string, ServiceInfo>();
  for (const s of registry.services) byName.set(`${s.name}.${s.namespace}`, s);
  return byName;
}

/**
 * Kiali's KubeServiceHosts.IsValidForNamespace: `host` is `name.ns`, `name.ns.svc` or
 * `name.ns.svc.<domain>` of a Kubernetes Service exported to `viewer`.
 */
export function isKubeServiceHost(host: string, viewer: string, ctx: ValidationContext): boolean {
  let key = host;
  const fqdnSuffix = `.${identityDomain(ctx)}`;
  if (key.endsWith(fqdnSuffix)) key = key.slice(0, -fqdnSuffix.length);
  else if (key.endsWith('.svc')) key = key.slice(0, -'.svc'.length);
  const parts = key.split('.');
  // A Service in a namespace the registry does not describe (partial input) is unknown, not absent.
  if (parts.length === 2 && !registryDescribes(parts[1] ?? '', ctx)) return true;
  const service = ctx.registryIndex(buildServicesByName).get(key);
  return service !== undefined && isExportedTo(serviceExportTo(service), service.namespace, viewer);
}

type ServiceEntry = IstioResource<'ServiceEntry'>;

/** ServiceEntries keyed by their hosts with everything up to the first `*` removed. */
function buildServiceEntrySuffixIndex(
  items: readonly ServiceEntry[],
): ReadonlyMap<string, readonly ServiceEntry[]> {
  const byKey = new Map<string, ServiceEntry[]>();
  for (const se of items) {
    for (const host of se.spec.hosts) {
      const star = host.indexOf('*');
      const key = star >= 0 ? host.slice(star + 1) : host;
      const list = byKey.get(key) ?? [];
      if (!list.includes(se)) list.push(se);
      byKey.set(key, list);
    }
  }
  return byKey;
}

/** Kiali's HasMatchingServiceEntries: a ServiceEntry exported to `viewer` whose host key ends `name`. */
export function hasServiceEntrySuffix(name: string, viewer: string, ctx: ValidationContext): boolean {
  const index = ctx.index('ServiceEntry', buildServiceEntrySuffixIndex);
  if (index.size === 0) return false;
  for (let i = 0; i <= name.length; i++) {
    const entries = index.get(name.slice(i));
    if (entries?.some((se) => isExportedTo(se.spec.exportTo, se.metadata.namespace, viewer))) return true;
  }
  return false;
}

type VirtualService = IstioResource<'VirtualService'>;

interface VirtualServiceHostIndex {
  readonly exact: ReadonlyMap<string, readonly VirtualService[]>;
  /** `*.x` hosts keyed by `x` (the host without its first two characters, as Kiali compares). */
  readonly wildcardTails: ReadonlyMap<string, readonly VirtualService[]>;
}

function buildVirtualServiceHostIndex(items: readonly VirtualService[]): VirtualServiceHostIndex {
  const exact = new Map<string, VirtualService[]>();
  const wildcardTails = new Map<string, VirtualService[]>();
  const add = (map: Map<string, VirtualService[]>, key: string, vs: VirtualService): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(vs)) list.push(vs);
    map.set(key, list);
  };
  for (const vs of items) {
    for (const host of vs.spec.hosts ?? []) {
      add(exact, host, vs);
      if (host.startsWith('*') && host.length > 2) add(wildcardTails, host.slice(2), vs);
    }
  }
  return { exact, wildcardTails };
}

/** Kiali's HasMatchingVirtualServices for a complete host, over VirtualServices exported to `viewer`. */
export function hasMatchingVirtualService(host: KialiHost, viewer: string, ctx: ValidationContext): boolean {
  const index = ctx.index('VirtualService', buildVirtualServiceHostIndex);
  const visible = (
    list: readonly VirtualService[] | undefined,
    extra?: (vs: VirtualService) => boolean,
  ): boolean =>
    list?.some(
      (vs) => isExportedTo(vs.spec.exportTo, vs.metadata.namespace, viewer) && (extra?.(vs) ?? true),
    ) ?? false;
  const domain = identityDomain(ctx);
  if (visible(index.exact.get('*'))) return true;
  if (visible(index.exact.get(host.service), (vs) => vs.metadata.namespace === host.namespace)) return true;
  for (const name of [
    `${host.service}.${host.namespace}`,
    `${host.service}.${host.namespace}.${domain}`,
    `*.${host.namespace}.${domain}`,
  ]) {
    if (visible(index.exact.get(name))) return true;
  }
  if (
    !host.complete &&
    visible(
      index.exact.get(host.service),
      (vs) => !parseKialiHost(host.service, vs.metadata.namespace, ctx).complete,
    )
  ) {
    return true;
  }
  for (let i = 0; i < host.service.length; i++) {
    if (visible(index.wildcardTails.get(host.service.slice(i)))) return true;
  }
  return false;
}
