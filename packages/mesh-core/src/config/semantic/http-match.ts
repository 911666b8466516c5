/**
 * HTTP match conditions (Istio's `validateHTTPRouteMatchRequest`): header names, string
 * matches (no empty prefix or regex, regexes in RE2 syntax), ports, source labels and
 * namespaces, and gateway references of each `match` entry.
 */
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Path } from '../path.ts';
import { isPort } from './addresses.ts';
import { checkLabels } from './common.ts';
import { checkGatewayNames } from './destinations.ts';
import { matchHeaderNameError } from './headers.ts';
import { isDNS1123Label } from './hosts.ts';
import { checkRegex } from './regex.ts';
import type { Report } from './report.ts';

export type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
type HttpMatch = NonNullable<HttpRoute['match']>[number];
export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

/**
 * Istio's `validateStringMatch`: a prefix match may not be empty (Envoy refuses it), a regex
 * must be non-empty RE2. `uri` alone admits an empty prefix, which Envoy reads as "any path".
 */
export function checkStringMatch(
  report: Report,
  path: Path,
  match: StringMatch | undefined,
  allowEmptyPrefix = false,
): void {
  if (!match) return;
  if (match.prefix === '' && !allowEmptyPrefix)
    report.field([...path, 'prefix'], 'should not be empty (omit the match to match anything)');
  if (match.regex !== undefined) {
    if (match.regex === '') report.field([...path, 'regex'], 'should not be empty');
    else checkRegex(report, [...path, 'regex'], match.regex);
  }
}

function checkMatch(report: Report, path: Path, match: HttpMatch): void {
  for (const [name, value] of Object.entries(match.headers ?? {})) {
    const at = [...path, 'headers', name];
    const err = matchHeaderNameError(name);
    if (err) report.field(at, err);
    checkStringMatch(report, at, value);
  }
  for (const [name, value] of Object.entries(match.withoutHeaders ?? {})) {
    const at = [...path, 'withoutHeaders', name];
    const err = matchHeaderNameError(name);
    if (err) report.field(at, err);
    // `regex: "*"` is not RE2 here: Istio reads it as "header present".
    if (value.regex !== '*') checkStringMatch(report, at, value);
  }
  checkStringMatch(report, [...path, 'uri'], match.uri, true);
  checkStringMatch(report, [...path, 'scheme'], match.scheme);
  checkStringMatch(report, [...path, 'method'], match.method);
  checkStringMatch(report, [...path, 'authority'], match.authority);
  for (const [name, value] of Object.entries(match.queryParams ?? {}))
    checkStringMatch(report, [...path, 'queryParams', name], value);
  if (match.port !== undefined && match.port !== 0 && !isPort(match.port)) {
    report.field([...path, 'port'], `must be in the range 1..65535 (got ${match.port})`);
  }
  checkLabels(report, [...path, 'sourceLabels'], match.sourceLabels);
  checkGatewayNames(report, [...path, 'gateways'], match.gateways);
  if (
    match.sourceNamespace !== undefined &&
    match.sourceNamespace !== '' &&
    !isDNS1123Label(match.sourceNamespace)
  ) {
    report.field(
      [...path, 'sourceNamespace'],
      `${JSON.stringify(match.sourceNamespace)} is not a valid namespace name`,
    );
  }
}

export function checkHttpMatches(report: Report, path: Path, route: HttpRoute): void {
  route.match?.forEach((m, i) => {
    checkMatch(report, [...path, 'match', i], m);
  });
}
