/**
 * Go's `url.ParseRequestURI`, which Kubernetes' CEL `url(string)` calls. Only what decides
 * whether a string parses and what its scheme, host and port are: control characters are
 * refused; the scheme is the leading `[A-Za-z][A-Za-z0-9+.-]*` before `:` (lower-cased); without
 * a scheme the string must be an absolute path; `//authority` is split into userinfo, host and
 * port, and each is checked as Go checks it (port digits only, host characters from RFC 3986,
 * `%` escapes well formed).
 */

export interface GoUrl {
  readonly scheme: string;
  /** Host with port, as Go's `URL.Host` (IPv6 literals keep their brackets). */
  readonly host: string;
}

export type GoUrlResult =
  { readonly ok: true; readonly url: GoUrl } | { readonly ok: false; readonly error: string };

function fail(error: string): GoUrlResult {
  return { ok: false, error };
}

const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

// Characters Go accepts unescaped in a host besides letters and digits (url.shouldEscape, encodeHost).
const hostMarks = new Set(`-_.~!$&'()*+,;=:[]<>"`.split(''));
// Characters Go accepts in userinfo besides letters and digits (url.validUserinfo).
const userinfoMarks = new Set(`-._:~!$&'()*+,;=%@`.split(''));

function hasControlByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Checks `%XX` escapes; in a host also that every ASCII character may stand unescaped. */
function checkEscapes(s: string, inHost: boolean): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '%') {
      const escape = s.slice(i, i + 3);
      if (!isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2)))
        return `invalid URL escape ${JSON.stringify(escape)}`;
      // A host may escape only non-ASCII bytes (UTF-8 names), and `%25` itself.
      if (inHost && s.charAt(i + 1) < '8' && escape !== '%25')
        return `invalid URL escape ${JSON.stringify(escape)}`;
      i += 2;
      continue;
    }
    if (inHost && s.charCodeAt(i) < 0x80 && !isAlpha(c) && !isDigit(c) && !hostMarks.has(c)) {
      return `invalid character ${JSON.stringify(c)} in host name`;
    }
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (!port.startsWith(':')) return false;
  for (const c of port.slice(1)) if (!isDigit(c)) return false;
  return true;
}

function checkHost(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const port = host.slice(close + 1);
    if (!validOptionalPort(port)) return `invalid port ${JSON.stringify(port)} after host`;
    return checkEscapes(host.slice(1, close), false);
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1) {
    const port = host.slice(colon);
    if (!validOptionalPort(port)) return `invalid port ${JSON.stringify(port)} after host`;
  }
  return checkEscapes(host, true);
}

function splitScheme(raw: string): { scheme: string; rest: string } | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (isAlpha(c)) continue;
    if (isDigit(c) || c === '+' || c === '-' || c === '.') {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return { scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

export function parseRequestUri(raw: string): GoUrlResult {
  const prefix = `parse ${JSON.stringify(raw)}: `;
  if (hasControlByte(raw)) return fail(`${prefix}net/url: invalid control character in URL`);
  if (raw === '') return fail(`${prefix}empty url`);
  if (raw === '*') return { ok: true, url: { scheme: '', host: '' } };
  const split = splitScheme(raw);
  if (typeof split === 'string') return fail(prefix + split);
  const { scheme } = split;
  let rest = split.rest;
  const q = rest.indexOf('?');
  if (q !== -1) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    // `mailto:x` style: an opaque URL is fine with a scheme, and never a request URI without one.
    return scheme !== '' ? { ok: true, url: { scheme, host: '' } } : fail(`${prefix}invalid URI for request`);
  }
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    host = at < 0 ? authority : authority.slice(at + 1);
    const hostError = checkHost(host);
    if (hostError !== undefined) return fail(prefix + hostError);
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      for (const c of userinfo) {
        if (!isAlpha(c) && !isDigit(c) && !userinfoMarks.has(c))
          return fail(`${prefix}net/url: invalid userinfo`);
      }
      const userError = checkEscapes(userinfo, false);
      if (userError !== undefined) return fail(prefix + userError);
    }
  }
  const pathError = checkEscapes(rest, false);
  if (pathError !== undefined) return fail(prefix + pathError);
  return { ok: true, url: { scheme, host } };
}

/** Go's `URL.Hostname()`: the host without port, IPv6 brackets removed. */
export function urlHostname(url: GoUrl): string {
  const { host } = url;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close < 0 ? host.slice(1) : host.slice(1, close);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Go's `URL.Port()`: the digits after the host's last colon, if any. */
export function urlPort(url: GoUrl): string {
  const { host } = url;
  const colon = host.lastIndexOf(':');
  if (colon < 0 || host.indexOf(']', colon) !== -1) return '';
  return host.slice(colon + 1);
}
