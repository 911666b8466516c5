/**
 * Istio's `corsPolicy` as Envoy's CORS filter (cors_filter.cc) applies it. Pure: a policy is
 * compiled once per snapshot, then each request gets one of three outcomes.
 *
 * - No `Origin` (or an empty one): not a CORS request; nothing changes.
 * - Preflight: `OPTIONS` with an `Origin` and a non-empty `Access-Control-Request-Method`.
 *   An allowed origin is answered locally: 200, no body, details `cors_response`, with
 *   `access-control-allow-origin: <origin>`, `-allow-credentials: true` (when set),
 *   `-allow-methods`, `-allow-headers` (each list joined with "," as Istio joins it; a lone `*`
 *   echoes the request's `Access-Control-Request-Method` / `-Headers`), `-max-age` (seconds) and,
 *   because the filter's encode step also runs on the reply it sends, `-expose-headers`.
 *   An origin not allowed is forwarded (`unmatchedPreflights: FORWARD`, Envoy's default) or, with
 *   IGNORE, answered the same way but without `access-control-allow-origin`.
 * - Any other request with an `Origin`: forwarded; when the origin is allowed, the response
 *   (from upstream or a local reply) gets `access-control-allow-origin: <origin>`,
 *   `-allow-credentials: true` (when set) and `-expose-headers` (when any), replacing what the
 *   upstream sent.
 *
 * An origin is allowed when a matcher matches it, or matches the literal `*` (so an exact `*`
 * allows every origin), as Envoy's `isOriginAllowed` does. Regex origins are matched in full with
 * RE2, Envoy's engine.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { compileRe2 } from '@meshlens/mesh-core/routing';
import type { CorsPolicy, StringMatch } from '@meshlens/mesh-core/routing';

type Matcher = (value: string) => boolean;

export interface CompiledCors {
  readonly policy: CorsPolicy;
  readonly allowOrigin: Matcher;
  readonly allowMethods: string;
  readonly allowHeaders: string;
  readonly exposeHeaders: string;
  readonly maxAge: string | undefined;
  readonly allowCredentials: boolean;
  readonly forwardUnmatchedPreflights: boolean;
}

export type CorsOutcome =
  /** Not a CORS request, or a preflight to forward untouched: route as usual. */
  | { readonly kind: 'none' }
  /** Answer 200 with these headers and no body (details `cors_response`); do not route. */
  | { readonly kind: 'preflight'; readonly headers: OutgoingHttpHeaders }
  /** Route as usual and set these headers on whatever response goes back. */
  | { readonly kind: 'cors'; readonly responseHeaders: OutgoingHttpHeaders };

const NONE: CorsOutcome = Object.freeze({ kind: 'none' });

function matcher(m: StringMatch): Matcher {
  switch (m.kind) {
    case 'present':
      return () => true;
    case 'exact': {
      const value = m.value;
      return (v) => v === value;
    }
    case 'prefix': {
      const value = m.value;
      return (v) => v.startsWith(value);
    }
    case 'regex': {
      const compiled = compileRe2(m.value);
      if (!compiled.ok) return () => false;
      const re = compiled.re;
      return (v) => re.testExact(v);
    }
  }
}

export function compileCors(policy: CorsPolicy): CompiledCors {
  const matchers = policy.allowOrigins.map(matcher);
  const allowAll = matchers.some((m) => m('*'));
  return Object.freeze({
    policy,
    allowOrigin: allowAll ? () => true : (origin: string) => matchers.some((m) => m(origin)),
    allowMethods: policy.allowMethods.join(','),
    allowHeaders: policy.allowHeaders.join(','),
    exposeHeaders: policy.exposeHeaders.join(','),
    maxAge: policy.maxAgeSeconds === undefined ? undefined : String(policy.maxAgeSeconds),
    allowCredentials: policy.allowCredentials === true,
    forwardUnmatchedPreflights: policy.unmatchedPreflights === 'FORWARD',
  });
}

function single(value: string | string[] | undefined): string {
  return value === undefined ? '' : typeof value === 'string' ? value : value.join(',');
}

/** What the CORS filter does with one request on a route with `cors`. */
export function corsRequest(cors: CompiledCors, method: string, headers: IncomingHttpHeaders): CorsOutcome {
  const origin = headers.origin;
  if (origin === undefined || origin === '') return NONE;
  const allowed = cors.allowOrigin(origin);
  const requestMethod = single(headers['access-control-request-method']);
  if (method !== 'OPTIONS' || requestMethod === '')
    return allowed ? { kind: 'cors', responseHeaders: responseHeaders(cors, origin) } : NONE;
  if (!allowed && cors.forwardUnmatchedPreflights) return NONE;
  const out: OutgoingHttpHeaders = {};
  if (allowed) out['access-control-allow-origin'] = origin;
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (cors.allowMethods !== '')
    out['access-control-allow-methods'] = cors.allowMethods === '*' ? requestMethod : cors.allowMethods;
  if (cors.allowHeaders !== '')
    out['access-control-allow-headers'] =
      cors.allowHeaders === '*' ? single(headers['access-control-request-headers']) : cors.allowHeaders;
  if (cors.maxAge !== undefined) out['access-control-max-age'] = cors.maxAge;
  // The filter's encode step runs on its own reply too, adding expose-headers for an allowed origin.
  if (allowed && cors.exposeHeaders !== '') out['access-control-expose-headers'] = cors.exposeHeaders;
  return { kind: 'preflight', headers: out };
}

/** The headers Envoy sets on the response to a CORS request whose origin is allowed. */
function responseHeaders(cors: CompiledCors, origin: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { 'access-control-allow-origin': origin };
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders !== '') out['access-control-expose-headers'] = cors.exposeHeaders;
  return out;
}
