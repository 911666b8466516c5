/**
 * HTTP header names and header operations as Istio admits them. Names are RFC 7230 tokens;
 * matches may also name HTTP/2 pseudo-headers and, on gateways, JWT claims
 * (`@request.auth.claims.groups`). Operations may not touch pseudo-headers or `Host`, except
 * that a request may set the authority (`:authority`/`host`), which is a rewrite. Values are
 * Envoy header formatters: `%VAR%`, `%VAR(args)%` and `%%` for a literal percent.
 */
import type { Path } from '../path.ts';
import type { Report } from './report.ts';

const tokenName = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const strictName = /^[-A-Za-z0-9]+$/;
// Control characters other than horizontal tab: Envoy refuses them in header values.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlChar = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const pseudoHeaders: ReadonlySet<string> = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const jwtClaimPrefix = '@request.auth.claims';

export function isValidHeaderName(name: string): boolean {
  return tokenName.test(name);
}

/** Letters, digits and `-` only: what Istio requires of headers it writes from JWT claims. */
export function isStrictHeaderName(name: string): boolean {
  return strictName.test(name);
}

/** Istio's `jwt.ToRoutingClaim(...).Match`: `@request.auth.claims.a.b` or `@request.auth.claims[a][b]`. */
export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith(jwtClaimPrefix)) return false;
  const rest = name.slice(jwtClaimPrefix.length);
  return (
    (rest.startsWith('.') && rest.length > 1) ||
    (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2)
  );
}

/** A header name in a match (`headers`, `withoutHeaders`); undefined when valid. */
export function matchHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || pseudoHeaders.has(name)) return undefined;
  return tokenName.test(name) ? undefined : `header name ${JSON.stringify(name)} is not a valid header name`;
}

function isInternal(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

export function isAuthorityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === ':authority' || lower === 'host';
}

/** Envoy's header formatter grammar (router/header_parser.cc), as Istio ports it. */
export function headerValueError(value: string): string | undefined {
  if (controlChar.test(value)) return `header value ${JSON.stringify(value)} contains control characters`;
  type State = 'literal' | 'name' | 'array' | 'string' | 'inString' | 'delimiter' | 'argsEnd' | 'varEnd';
  let state: State = 'literal';
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    const more = pos + 1 < value.length;
    switch (state) {
      case 'literal':
        if (ch !== '%') break;
        if (!more) return 'un-escaped % at the end of the header value (write %% for a literal %)';
        if (value[pos + 1] === '%') pos++;
        else state = 'name';
        break;
      case 'name':
        if (ch === '%') state = 'literal';
        else if (ch === '(') state = 'array';
        break;
      case 'array':
        if (ch === '[') state = 'string';
        else if (ch !== ' ') state = 'inString';
        break;
      case 'string':
        if (ch === '"') state = 'inString';
        else if (ch !== ' ') return `invalid header value ${JSON.stringify(value)}: expecting '"'`;
        break;
      case 'inString':
        if (ch === '\\') {
          if (!more)
            return `invalid header value ${JSON.stringify(value)}: un-terminated backslash in JSON string`;
          pos++;
        } else if (ch === ')') state = 'varEnd';
        else if (ch === '"') state = 'delimiter';
        break;
      case 'delimiter':
        if (ch === ',') state = 'string';
        else if (ch === ']') state = 'argsEnd';
        else if (ch !== ' ')
          return `invalid header value ${JSON.stringify(value)}: expecting ',', ']', or whitespace`;
        break;
      case 'argsEnd':
        if (ch === ')') state = 'varEnd';
        else if (ch !== ' ') return `invalid header value ${JSON.stringify(value)}: expecting ')'`;
        break;
      case 'varEnd':
        if (ch === '%') state = 'literal';
        else if (ch !== ' ') return `invalid header value ${JSON.stringify(value)}: expecting '%'`;
        break;
    }
  }
  return state === 'literal'
    ? undefined
    : `invalid header value ${JSON.stringify(value)}: un-terminated variable expression`;
}

interface HeaderOps {
  readonly add?: Readonly<Record<string, string>>;
  readonly set?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

export interface HeadersSpec {
  readonly request?: HeaderOps;
  readonly response?: HeaderOps;
}

function operationNameError(name: string, allowAuthority: boolean): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (allowAuthority && isAuthorityHeader(name)) return undefined;
  if (name.toLowerCase() === 'host') return `invalid header ${JSON.stringify(name)}: cannot set Host header`;
  if (isInternal(name)) return `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`;
  return undefined;
}

/** Header operations of a route or destination: names and values of request and response edits. */
export function checkHeaderOperations(report: Report, path: Path, headers: HeadersSpec | undefined): void {
  if (!headers) return;
  for (const side of ['request', 'response'] as const) {
    const ops = headers[side];
    if (!ops) continue;
    // Setting the authority rewrites the request's host; nothing else may touch internal headers.
    const allowAuthority = side === 'request';
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of Object.entries(ops[op] ?? {})) {
        const at = [...path, side, op, name];
        const nameErr = operationNameError(name, allowAuthority);
        if (nameErr) report.field(at, nameErr);
        const valueErr = headerValueError(value);
        if (valueErr) report.field(at, valueErr);
      }
    }
    (ops.remove ?? []).forEach((name, i) => {
      const err = operationNameError(name, false);
      if (err) report.field([...path, side, 'remove', i], err);
    });
  }
}
