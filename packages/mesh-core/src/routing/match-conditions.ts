/**
 * Snapshot routes → predicates, built once per snapshot. Each condition of a match block
 * becomes a closure over its pre-lowered value or pre-compiled RE2 program; a block is the
 * conjunction of its closures. Per request, the path is split from the query once, lowered only
 * if a case-insensitive block asks, and the query parsed only if a block reads it.
 */
import type { RE2JS } from 're2js';
import { compileRe2 } from '../config/semantic/index.ts';
import type {
  HeaderPolicy,
  Route,
  RouteDestination,
  RouteMatch,
  RoutePolicy,
  StringMatch,
} from './snapshot.ts';

export interface RouteRequest {
  readonly method: string;
  /** Path and query, as on the request line in origin form. */
  readonly path: string;
  /** `host[:port]`, from the absolute URI or the Host header. */
  readonly authority: string;
  readonly scheme?: string;
  /** Lower-case names, as Node's IncomingMessage gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The per-request state conditions share; lazily filled fields start undefined. */
export interface RequestView {
  readonly request: RouteRequest;
  /** The path without its query. */
  readonly path: string;
  lowerPath: string | undefined;
  query: Map<string, string> | undefined;
}

export interface Condition {
  readonly uri: StringMatch | undefined;
  test(view: RequestView): boolean;
}

export interface CompiledRewrite {
  readonly uri?: string;
  readonly regex?: { readonly re: RE2JS; readonly parts: readonly (string | number)[] };
  readonly authority?: string;
}

export type CompiledDestination = RouteDestination;

export type CompiledAction =
  | Exclude<Route['action'], { type: 'route' }>
  | {
      readonly type: 'route';
      readonly destinations: readonly CompiledDestination[];
      /** Running totals of the weights: a pick is one random number and a short scan. */
      readonly cumulative: readonly number[];
      readonly rewrite: CompiledRewrite | undefined;
    };

export interface CompiledRoute {
  readonly name: string;
  readonly blocks: readonly Condition[];
  readonly action: CompiledAction;
  readonly headers: HeaderPolicy | undefined;
  readonly policy: RoutePolicy | undefined;
  readonly needsQuery: boolean;
}

type Predicate = (value: string | undefined) => boolean;

const never: Predicate = () => false;

function predicate(m: StringMatch, ignoreCase: boolean): Predicate {
  switch (m.kind) {
    case 'present':
      return (v) => v !== undefined;
    case 'exact': {
      const value = ignoreCase ? m.value.toLowerCase() : m.value;
      return (v) => v === value;
    }
    case 'prefix': {
      const value = ignoreCase ? m.value.toLowerCase() : m.value;
      return (v) => v !== undefined && v.startsWith(value);
    }
    case 'regex': {
      const compiled = compileRe2(m.value);
      if (!compiled.ok) return never;
      const re = compiled.re;
      return (v) => v !== undefined && re.testExact(v);
    }
  }
}

function headerValue(request: RouteRequest, name: string): string | undefined {
  const v = request.headers[name];
  return v === undefined || typeof v === 'string' ? v : v.join(',');
}

/** The first value of each query parameter, decoded; malformed escapes kept as written. */
function parseQuery(fullPath: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = fullPath.indexOf('?');
  if (q < 0) return out;
  for (const pair of fullPath.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!out.has(key)) out.set(key, decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function pathOf(fullPath: string): string {
  const q = fullPath.indexOf('?');
  return q < 0 ? fullPath : fullPath.slice(0, q);
}

type Test = (view: RequestView) => boolean;

function compileBlock(m: RouteMatch): Condition & { readonly needsQuery: boolean } {
  const tests: Test[] = [];
  if (m.uri) {
    const p = predicate(m.uri, m.ignoreUriCase && m.uri.kind !== 'regex');
    if (m.ignoreUriCase && m.uri.kind !== 'regex')
      tests.push((view) => p((view.lowerPath ??= view.path.toLowerCase())));
    else tests.push((view) => p(view.path));
  }
  if (m.scheme) {
    const p = predicate(m.scheme, false);
    tests.push((view) => p(view.request.scheme ?? 'http'));
  }
  if (m.method) {
    const p = predicate(m.method, false);
    tests.push((view) => p(view.request.method));
  }
  if (m.authority) {
    const p = predicate(m.authority, false);
    tests.push((view) => p(view.request.authority));
  }
  for (const h of m.headers) {
    const p = predicate(h.match, false);
    tests.push((view) => p(headerValue(view.request, h.name)));
  }
  for (const h of m.withoutHeaders) {
    const p = predicate(h.match, false);
    tests.push((view) => !p(headerValue(view.request, h.name)));
  }
  for (const q of m.queryParams) {
    const p = predicate(q.match, false);
    tests.push((view) => p((view.query ??= parseQuery(view.request.path)).get(q.name)));
  }
  const test: Test =
    tests.length === 1 && tests[0]
      ? tests[0]
      : (view) => {
          for (const t of tests) if (!t(view)) return false;
          return true;
        };
  return { uri: m.uri, test, needsQuery: m.queryParams.length > 0 };
}

/** Envoy's regex substitution (`\0`…`\9` are groups, `\\` a backslash) as literal and group parts. */
function substitutionParts(rewrite: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let literal = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i];
    const next = rewrite[i + 1];
    if (c === '\\' && next !== undefined && next >= '0' && next <= '9') {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(Number(next));
      i++;
    } else if (c === '\\' && next === '\\') {
      literal += '\\';
      i++;
    } else literal += c ?? '';
  }
  if (literal) parts.push(literal);
  return parts;
}

function compileRewrite(
  rw: NonNullable<Extract<Route['action'], { type: 'route' }>['rewrite']>,
): CompiledRewrite {
  const regex = rw.uriRegexRewrite ? compileRe2(rw.uriRegexRewrite.match) : undefined;
  return {
    ...(rw.uri !== undefined ? { uri: rw.uri } : {}),
    ...(regex?.ok && rw.uriRegexRewrite
      ? { regex: { re: regex.re, parts: substitutionParts(rw.uriRegexRewrite.rewrite) } }
      : {}),
    ...(rw.authority !== undefined ? { authority: rw.authority } : {}),
  };
}

export function compileRoute(route: Route): CompiledRoute {
  const blocks = route.matches.map(compileBlock);
  const a = route.action;
  let action: CompiledAction;
  if (a.type === 'route') {
    let total = 0;
    const cumulative = a.destinations.map((d) => (total += d.weight));
    action = {
      type: 'route',
      destinations: a.destinations,
      cumulative,
      rewrite: a.rewrite ? compileRewrite(a.rewrite) : undefined,
    };
  } else action = a;
  return {
    name: route.name,
    blocks,
    action,
    headers: route.headers,
    policy: route.policy,
    needsQuery: blocks.some((b) => b.needsQuery),
  };
}
