/**
 * RequestAuthentication admission checks (Istio's `ValidateRequestAuthentication`): how the
 * policy attaches, and each JWT rule's issuer, key source (`jwksUri` as an http(s) URL, or
 * inline `jwks` as a JSON Web Key Set), token locations and claim-to-header outputs.
 */
import type { Path } from '../path.ts';
import type { IstioResource } from '../resource.ts';
import { parseRequestUri, urlHostname } from '../schema/go-url.ts';
import { checkPolicyTargets, checkWorkloadSelector } from './common.ts';
import { checkDuration } from './durations.ts';
import { isStrictHeaderName, isValidHeaderName } from './headers.ts';
import type { Report } from './report.ts';

type JwtRule = NonNullable<IstioResource<'RequestAuthentication'>['spec']['jwtRules']>[number];

export function validateRequestAuthentication(
  resource: IstioResource<'RequestAuthentication'>,
  report: Report,
): void {
  const spec = resource.spec;
  checkPolicyTargets(report, spec);
  if (spec.selector)
    checkWorkloadSelector(report, ['spec', 'selector', 'matchLabels'], spec.selector.matchLabels);
  spec.jwtRules?.forEach((rule, i) => {
    checkJwtRule(report, ['spec', 'jwtRules', i], rule);
  });
}

function checkJwtRule(report: Report, path: Path, rule: JwtRule): void {
  rule.audiences?.forEach((aud, i) => {
    if (aud === '') report.field([...path, 'audiences', i], 'must be a non-empty string');
  });
  const uriField = rule.jwksUri !== undefined ? 'jwksUri' : 'jwks_uri';
  const uri = rule.jwksUri ?? rule.jwks_uri ?? '';
  if (!rule.issuer && uri === '')
    report.field([...path, 'issuer'], 'must be set (or jwksUri): it is how tokens are matched to this rule');
  const keySources = [rule.jwksUri, rule.jwks_uri, rule.jwks].filter(
    (s) => s !== undefined && s !== '',
  ).length;
  if (keySources > 1) report.field(path, 'can set only one of jwksUri or jwks');
  if (uri !== '') {
    const err = jwksUriError(uri);
    if (err) report.field([...path, uriField], err);
  }
  if (rule.jwks) {
    const err = jwksError(rule.jwks);
    if (err) report.field([...path, 'jwks'], `jwks parse error: ${err}`);
  }
  rule.fromHeaders?.forEach((header, i) => {
    const at = [...path, 'fromHeaders', i, 'name'];
    if (header.name === '') report.field(at, 'must be a non-empty string');
    // Istio passes the name to Envoy, which refuses anything but an HTTP header token.
    else if (!isValidHeaderName(header.name))
      report.field(at, `${JSON.stringify(header.name)} is not a valid header name`);
  });
  rule.fromParams?.forEach((param, i) => {
    if (param === '') report.field([...path, 'fromParams', i], 'must be a non-empty string');
  });
  rule.fromCookies?.forEach((cookie, i) => {
    if (cookie === '') report.field([...path, 'fromCookies', i], 'must be a non-empty string');
  });
  rule.outputClaimToHeaders?.forEach((out, i) => {
    const at = [...path, 'outputClaimToHeaders', i];
    if (out.claim === '' || out.header === '') report.field(at, 'must set both claim and header');
    else if (!isStrictHeaderName(out.header))
      report.field(
        [...at, 'header'],
        `${JSON.stringify(out.header)} is not a valid header name (letters, digits and "-")`,
      );
  });
  // Istio passes this name to Envoy as is; Envoy refuses anything but an HTTP header token.
  if (rule.outputPayloadToHeader !== undefined && !isValidHeaderName(rule.outputPayloadToHeader)) {
    report.field(
      [...path, 'outputPayloadToHeader'],
      `${JSON.stringify(rule.outputPayloadToHeader)} is not a valid header name`,
    );
  }
  checkDuration(report, [...path, 'timeout'], rule.timeout);
}

/** Istio's `ParseJwksURI`: an http or https URL (Go's URL syntax, shared with the schema validator). */
function jwksUriError(uri: string): string | undefined {
  const parsed = parseRequestUri(uri);
  if (!parsed.ok) return `${parsed.error}: it must be an http:// or https:// URL`;
  const { scheme } = parsed.url;
  if (scheme !== 'http' && scheme !== 'https')
    return `URI scheme ${JSON.stringify(scheme)} is not supported: use http:// or https://`;
  // Istio lets an empty host through; the proxy could never fetch the keys.
  if (urlHostname(parsed.url) === '') return `${JSON.stringify(uri)} has no host`;
  return undefined;
}

/** An inline JSON Web Key Set (or a single key): JSON objects with a `kty`. */
function jwksError(jwks: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch (e) {
    return e instanceof Error ? e.message : 'not JSON';
  }
  const isKey = (k: unknown): boolean =>
    typeof k === 'object' && k !== null && typeof (k as { kty?: unknown }).kty === 'string';
  if (typeof parsed !== 'object' || parsed === null) return 'expected a JSON object with "keys"';
  const keys = (parsed as { keys?: unknown }).keys;
  if (keys === undefined)
    return isKey(parsed) ? undefined : 'expected a JSON object with "keys" (or a single key with "kty")';
  if (!Array.isArray(keys)) return '"keys" must be an array';
  const bad = keys.findIndex((k) => !isKey(k));
  return bad === -1 ? undefined : `keys[${bad}] is not a JSON Web Key (no "kty")`;
}
