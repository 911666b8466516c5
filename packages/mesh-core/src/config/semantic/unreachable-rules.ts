/**
 * Istio's analysis of VirtualService rules that can never be reached, reported as warnings:
 * a rule after one without matches (which takes everything), a match identical to an earlier
 * one, and (HTTP only) a URI prefix match covered by an earlier, shorter prefix with the same
 * other conditions. Matches compare by their content, without names and without empty fields,
 * as Istio compares their JSON.
 */
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Report } from './report.ts';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
type HttpMatch = NonNullable<HttpRoute['match']>[number];
type StringMatch = { readonly exact?: string; readonly prefix?: string; readonly regex?: string } | undefined;
interface AnyRoute {
  readonly name?: string;
  readonly match?: readonly object[];
}

/** JSON with sorted keys and without empty values: Go's omitempty serialisation of a match. */
function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null || value === false || value === 0 || value === '')
    return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return `[${value.map((v) => canonical(v) ?? 'null').join(',')}]`;
  }
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

function matchKey(match: object): string {
  const { name: _name, ...rest } = match as { name?: string };
  return canonical(rest) ?? '{}';
}

const ruleName = (route: AnyRoute, i: number): string => (route.name ? JSON.stringify(route.name) : `#${i}`);
const matchName = (match: object, j: number): string => {
  const name = (match as { name?: string }).name;
  return name ? JSON.stringify(name) : `#${j}`;
};

export function checkUnreachableRules(
  report: Report,
  kind: 'http' | 'tcp' | 'tls',
  routes: readonly AnyRoute[],
): void {
  const seen = new Map<string, number>();
  let catchAll = -1;
  const prefixes: PrefixMatch[] = [];
  routes.forEach((route, i) => {
    const matches = route.match ?? [];
    const name = ruleName(route, i);
    if (matches.length === 0) {
      if (catchAll >= 0)
        report.fieldWarning(
          ['spec', kind, i],
          `virtualService rule ${name} not used (only the last rule can have no matches)`,
        );
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, j) => {
      if (catchAll >= 0) {
        report.fieldWarning(
          ['spec', kind, i, 'match', j],
          `virtualService rule ${name} not used (route without matches defined before)`,
        );
        return;
      }
      const key = matchKey(match);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const other = routes[earlier];
        const where = other ? ruleName(other, earlier) : `#${earlier}`;
        report.fieldWarning(
          ['spec', kind, i, 'match', j],
          `virtualService rule ${name} match ${matchName(match, j)} is not used (duplicate/overlapping match in rule ${where})`,
        );
        duplicates++;
        return;
      }
      seen.set(key, i);
      if (kind === 'http') {
        const p = prefixMatch(match, i, j, name);
        if (p) prefixes.push(p);
      }
    });
    if (duplicates === matches.length)
      report.fieldWarning(
        ['spec', kind, i],
        `virtualService rule ${name} not used (all matches used by prior rules)`,
      );
  });
  for (let a = 0; a < prefixes.length; a++) {
    const earlier = prefixes[a];
    for (let b = a + 1; b < prefixes.length; b++) {
      const later = prefixes[b];
      if (!earlier || !later || later.prefix === earlier.prefix || !covers(earlier, later)) continue;
      report.fieldWarning(
        ['spec', 'http', later.rule, 'match', later.match],
        `virtualService rule ${later.ruleName} match ${later.matchName} of prefix ${later.prefix} is not used (duplicate/overlapping match in rule ${earlier.matchName} of prefix ${earlier.prefix} on ${earlier.ruleName})`,
      );
    }
  }
}

interface PrefixMatch {
  readonly rule: number;
  readonly match: number;
  readonly ruleName: string;
  readonly matchName: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly queryParams: ReadonlyMap<string, string>;
  readonly withoutHeaders: ReadonlyMap<string, string>;
}

function exactOrPrefix(m: StringMatch): string {
  if (m?.exact) return `exact:${m.exact}`;
  if (m?.prefix) return `prefix:${m.prefix}`;
  return '';
}

function conditions(map: Readonly<Record<string, StringMatch>> | undefined): Map<string, string> {
  return new Map(Object.entries(map ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));
}

function prefixMatch(match: HttpMatch, rule: number, index: number, name: string): PrefixMatch | undefined {
  const prefix = match.uri?.prefix;
  if (!prefix) return undefined;
  return {
    rule,
    match: index,
    ruleName: name,
    matchName: matchName(match, index),
    prefix,
    port: match.port ?? 0,
    // Istio's analysis assumes GET when no method is matched.
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: conditions(match.headers),
    queryParams: conditions(match.queryParams),
    withoutHeaders: conditions(match.withoutHeaders),
  };
}

/** Istio's `coveredValidation`: whether `a` (earlier) takes every request `b` (later) would. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  const within = (x: string, y: string): boolean => x === y || x.startsWith(y);
  if (!within(a.method, b.method) || !within(a.authority, b.authority)) return false;
  const sameConditions = (x: ReadonlyMap<string, string>, y: ReadonlyMap<string, string>): boolean => {
    if (x.size !== y.size) return false;
    for (const [k, v] of x) {
      const other = y.get(k);
      if (other === undefined || !within(v, other)) return false;
    }
    return true;
  };
  return (
    sameConditions(a.headers, b.headers) &&
    sameConditions(a.queryParams, b.queryParams) &&
    sameConditions(a.withoutHeaders, b.withoutHeaders)
  );
}
