/**
 * Host name syntax as Istio's admission checks it: DNS-1123 labels (Istio accepts upper case),
 * FQDNs, wildcard domains (`*` alone or as a prefix of the first label only), the
 * `namespace/host` form of Sidecar egress and Gateway hosts, gateway references, and the two
 * host relations Istio validates with (`Matches`: the hosts can name a common name; `SubsetOf`:
 * every name of one is a name of the other).
 */
import { isIP } from './addresses.ts';

const dns1123Label = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const wildcardLabel = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const maxLabel = 63;
const maxDomain = 255;
// Go's strconv.Atoi: what makes a top-level domain "all-numeric".
const integer = /^[+-]?[0-9]+$/;
// Istio's auto-generated SNI names for gateways: outbound_.<port>_._.<host>
const outboundSni = /^outbound_\.[0-9]+_\._\../;

export function isDNS1123Label(value: string): boolean {
  return value.length <= maxLabel && dns1123Label.test(value);
}

export function isWildcardDNS1123Label(value: string): boolean {
  return value.length <= maxLabel && wildcardLabel.test(value);
}

function preconditionError(name: string): string | undefined {
  if (name.length > maxDomain) return `domain name ${JSON.stringify(name)} too long (max ${maxDomain})`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function labelsError(domain: string, whole: string): string | undefined {
  const parts = domain.split('.');
  const top = parts[parts.length - 1] ?? '';
  if (integer.test(top)) {
    return `domain name ${JSON.stringify(whole)} invalid (top level domain ${JSON.stringify(top)} cannot be all-numeric)`;
  }
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i] ?? '';
    // A trailing dot is allowed, for unambiguous names like `istio.io.`.
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDNS1123Label(label))
      return `domain name ${JSON.stringify(whole)} invalid (label ${JSON.stringify(label)} invalid)`;
  }
  return undefined;
}

/** Istio's `ValidateFQDN`: undefined when valid, else why not. */
export function fqdnError(name: string): string | undefined {
  return preconditionError(name) ?? labelsError(name, name);
}

/** Istio's `ValidateWildcardDomain`: a domain whose first label may be `*` or `*`-prefixed. */
export function wildcardDomainError(domain: string): string | undefined {
  const pre = preconditionError(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot === -1 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first))
    return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  return dot === -1 ? undefined : labelsError(domain.slice(dot + 1), domain);
}

/** Hosts of a VirtualService bound to gateways also admit Istio's generated SNI names. */
export function gatewayBoundHostError(domain: string, sni: boolean): string | undefined {
  if (sni && domain.startsWith('outbound_')) {
    return outboundSni.test(domain)
      ? undefined
      : `domain name ${JSON.stringify(domain)} invalid (label "outbound_" invalid)`;
  }
  return wildcardDomainError(domain);
}

/** Istio's `ValidatePartialWildCard`: `*` only alone or as a whole first label (`*.example.com`). */
export function partialWildcardError(host: string): string | undefined {
  if (host.includes('*') && host.length !== 1 && !host.startsWith('*.'))
    return `partial wildcard ${JSON.stringify(host)} not allowed`;
  return undefined;
}

function hostPartErrors(hostname: string, isGateway: boolean): string[] {
  const errors: string[] = [];
  if (hostname !== '*' && !hostname.includes('.'))
    errors.push(`short names (non FQDN) are not allowed: ${JSON.stringify(hostname)}`);
  const err = wildcardDomainError(hostname);
  // Gateways also accept an IP address as the host.
  if (err && !(isGateway && isIP(hostname))) errors.push(err);
  const partial = partialWildcardError(hostname);
  if (partial) errors.push(partial);
  return errors;
}

/**
 * Istio's `ValidateNamespaceSlashWildcardHostname`: `ns/host`, where ns is `*`, `.`, a
 * namespace, or (Sidecar only) `~`. Gateways also accept a bare host (the old style).
 */
export function namespacedHostErrors(hostname: string, isGateway: boolean): string[] {
  const slash = hostname.indexOf('/');
  if (slash === -1)
    return isGateway ? hostPartErrors(hostname, true) : ['host must be of form namespace/dnsName'];
  const ns = hostname.slice(0, slash);
  const name = hostname.slice(slash + 1);
  const errors: string[] = [];
  if (ns === '' || name === '') errors.push('config namespace and dnsName in host entry cannot be empty');
  const special = ns === '*' || ns === '.' || (!isGateway && ns === '~');
  if (!special && !isDNS1123Label(ns))
    errors.push(`invalid namespace value ${JSON.stringify(ns)} in ${isGateway ? 'gateway' : 'sidecar'}`);
  errors.push(...hostPartErrors(name, isGateway));
  return errors;
}

/**
 * A gateway reference in a VirtualService: `mesh`, `name` (the VirtualService's namespace),
 * the legacy `name.namespace`, or `namespace/name`.
 */
export function gatewayNameProblems(name: string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const slash = name.indexOf('/');
  if (slash === -1) {
    if (name.includes('.')) {
      const [gw = '', ns = ''] = name.split('.');
      warnings.push(
        `using legacy gatewayName format ${JSON.stringify(name)}; prefer the <namespace>/<name> format: "${ns}/${gw}"`,
      );
    }
    const err = fqdnError(name);
    if (err) errors.push(err);
    return { errors, warnings };
  }
  const ns = name.slice(0, slash);
  const gw = name.slice(slash + 1);
  if (ns === '' || gw === '') errors.push('config namespace and gateway name cannot be empty');
  if (!isDNS1123Label(ns)) errors.push(`invalid value for namespace: ${JSON.stringify(ns)}`);
  if (!isDNS1123Label(gw)) errors.push(`invalid value for gateway name: ${JSON.stringify(gw)}`);
  return { errors, warnings };
}

function isWildcarded(host: string): boolean {
  return host.startsWith('*');
}

/** Istio's `host.Name.Matches`: whether the two hosts have a name in common. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = isWildcarded(a);
  const bw = isWildcarded(b);
  if (aw && bw)
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's `host.Name.SubsetOf`: whether every name `a` covers is covered by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  const aw = isWildcarded(a);
  const bw = isWildcarded(b);
  if (aw) return bw && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}
