/**
 * IP addresses, CIDR blocks, ports and Unix socket paths, read as strictly as Go's `net/netip`
 * reads them in Istio's validation: dotted-quad IPv4 without leading zeros, IPv6 with at most
 * one `::` and an optional trailing IPv4 part or zone, prefixes with a decimal bit count.
 */
const ipv4Octet = /^(?:0|[1-9][0-9]{0,2})$/;
const hexGroup = /^[0-9a-fA-F]{1,4}$/;
const decimal = /^(?:0|[1-9][0-9]*)$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => ipv4Octet.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string, allowZone = true): boolean {
  let addr = text;
  const zone = addr.indexOf('%');
  if (zone !== -1) {
    if (!allowZone || zone === addr.length - 1) return false;
    addr = addr.slice(0, zone);
  }
  if (!addr.includes(':')) return false;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  let width = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIPv4(g)) return false;
      width += 2;
    } else if (hexGroup.test(g)) width += 1;
    else return false;
  }
  return halves.length === 2 ? width < 8 : width === 8;
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** A CIDR block (`10.0.0.0/8`, `2001:db8::/32`); undefined when valid, else why not. */
export function cidrError(text: string): string | undefined {
  const slash = text.indexOf('/');
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  const v4 = isIPv4(addr);
  if (!v4 && !isIPv6(addr, false)) return `${JSON.stringify(text)} is not a valid CIDR block`;
  if (!decimal.test(bits) || Number(bits) > (v4 ? 32 : 128))
    return `${JSON.stringify(text)} is not a valid CIDR block`;
  return undefined;
}

/** Istio's `ValidateIPSubnet`: a CIDR block or a single IP address. */
export function subnetError(text: string): string | undefined {
  if (text.split('/').length === 2) return cidrError(text);
  return isIP(text) ? undefined : `${JSON.stringify(text)} is not a valid IP address or CIDR block`;
}

export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

export const unixAddressPrefix = 'unix://';

/** Istio's `ValidateUnixAddress` on the part after `unix://`; undefined when valid. */
export function unixAddressError(path: string): string | undefined {
  if (path === '') return 'unix address must not be empty';
  // Abstract sockets (Linux) are named with a leading `@`.
  if (path.startsWith('@')) return undefined;
  if (!path.startsWith('/') || path.endsWith('/')) return `${path} is not an absolute path to a file`;
  return undefined;
}
