/**
 * Kiali's `references` of an object's details: the objects and services it is tied to, for the
 * console's links. A VirtualService refers to its gateways, the DestinationRules of the hosts it
 * routes to, and those hosts' Services; a DestinationRule to its host's Service and the
 * VirtualServices routing there; a Gateway to the VirtualServices bound to it. Hosts are
 * compared as FQDNs, a short name read in its object's namespace (`reviews` in `bookinfo` is
 * `reviews.bookinfo.svc.cluster.local`), as Istio reads them. Other kinds have no references.
 */
import { isPlainObject } from '../config/parse.ts';
import type { IstioReferences } from './istio-config.ts';
import { gvkOfObjectKind } from './istio-config-kinds.ts';
import type { ConfigObject } from './istio-config-view.ts';

export interface ReferencesInput {
  readonly target: ConfigObject;
  /** Every stored Istio object. */
  readonly objects: readonly ConfigObject[];
  readonly services: readonly { readonly namespace: string; readonly name: string }[];
  /** The cluster DNS domain: `cluster.local`. */
  readonly clusterDomain: string;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const specOf = (o: ConfigObject): Record<string, unknown> =>
  isPlainObject(o.manifest.spec) ? o.manifest.spec : {};

/** A host as Istio reads it in `namespace`: short names and `name.namespace` made FQDNs. */
export function hostFqdn(host: string, namespace: string, clusterDomain: string): string {
  if (host.includes('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.${clusterDomain}`;
  if (parts.length === 2) return `${host}.svc.${clusterDomain}`;
  return host;
}

/** FQDNs of the route destinations of a VirtualService. */
function destinationHosts(vs: ConfigObject, clusterDomain: string): Set<string> {
  const spec = specOf(vs);
  const hosts = new Set<string>();
  for (const section of ['http', 'tcp', 'tls']) {
    for (const rule of list(spec[section])) {
      if (!isPlainObject(rule)) continue;
      for (const route of list(rule.route)) {
        const destination = isPlainObject(route) ? route.destination : undefined;
        if (isPlainObject(destination) && typeof destination.host === 'string')
          hosts.add(hostFqdn(destination.host, vs.namespace, clusterDomain));
      }
    }
  }
  return hosts;
}

/** `namespace/name` of the gateways a VirtualService binds to (not the `mesh` pseudo-gateway). */
function gatewaysOf(vs: ConfigObject): Set<string> {
  const out = new Set<string>();
  for (const g of list(specOf(vs).gateways)) {
    if (typeof g !== 'string' || g === 'mesh') continue;
    out.add(g.includes('/') ? g : `${vs.namespace}/${g}`);
  }
  return out;
}

const ruleHost = (dr: ConfigObject, clusterDomain: string): string | undefined => {
  const host = specOf(dr).host;
  return typeof host === 'string' ? hostFqdn(host, dr.namespace, clusterDomain) : undefined;
};

function objectRef(o: ConfigObject): IstioReferences['objectReferences'][number] {
  return { objectGVK: gvkOfObjectKind(o.kind), name: o.name, namespace: o.namespace };
}

export function istioReferences(input: ReferencesInput): IstioReferences {
  const { target, objects, clusterDomain } = input;
  const ofKind = (kind: string): ConfigObject[] => objects.filter((o) => o.kind === kind);
  const servicesAt = (hosts: ReadonlySet<string>): IstioReferences['serviceReferences'] =>
    input.services
      .filter((s) => hosts.has(`${s.name}.${s.namespace}.svc.${clusterDomain}`))
      .map((s) => ({ name: s.name, namespace: s.namespace }));
  let related: ConfigObject[] = [];
  let services: IstioReferences['serviceReferences'] = [];
  switch (target.kind) {
    case 'VirtualService': {
      const hosts = destinationHosts(target, clusterDomain);
      const gateways = gatewaysOf(target);
      related = [
        ...ofKind('Gateway').filter((g) => gateways.has(`${g.namespace}/${g.name}`)),
        ...ofKind('DestinationRule').filter((dr) => hosts.has(ruleHost(dr, clusterDomain) ?? '')),
      ];
      services = servicesAt(hosts);
      break;
    }
    case 'DestinationRule': {
      const host = ruleHost(target, clusterDomain);
      if (host === undefined) break;
      related = ofKind('VirtualService').filter((vs) => destinationHosts(vs, clusterDomain).has(host));
      services = servicesAt(new Set([host]));
      break;
    }
    case 'Gateway':
      related = ofKind('VirtualService').filter((vs) =>
        gatewaysOf(vs).has(`${target.namespace}/${target.name}`),
      );
      break;
    default:
      break;
  }
  return { objectReferences: related.map(objectRef), serviceReferences: services, workloadReferences: [] };
}
