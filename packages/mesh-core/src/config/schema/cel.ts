/**
 * Evaluates the CEL rules of `x-kubernetes-validations` as Kubernetes does, with
 * `@marcbachmann/cel-js` (pure JS, runs in browsers) plus the Kubernetes extensions Istio's rules
 * call.
 *
 * Each distinct rule text is compiled once: parsed, its `duration()` calls renamed to a Go-exact
 * overload (cel-js's own `duration()` accepts strings Go refuses, such as `10ss`, and its registry
 * will not let a built-in be replaced, so the rule's calls are pointed at ours by their position
 * in the parsed AST), then type-checked with `self` as `dyn`. A rule that does not compile, or
 * calls a function this environment lacks, is reported by `celRuleSupport`; the test that walks
 * every rule in the CRDs uses it so that an Istio update with a new rule fails loudly.
 *
 * `self` must be passed as Kubernetes types it: integers as bigint (CEL int), other numbers as
 * JS numbers (CEL double), objects and lists as plain data. `compile.ts` converts by schema.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { ParseResult } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';
import { parseGoDuration } from './go-duration.ts';
import type { GoUrl } from './go-url.ts';
import { parseRequestUri, urlHostname, urlPort } from './go-url.ts';

/** Kubernetes' `URL` CEL type: a parsed URL (library `k8s.io/apiserver/pkg/cel/library/urls.go`). */
class CelUrl {
  constructor(readonly url: GoUrl) {}
}

const durationAlias = 'goDuration';

function goDuration(text: string): Duration {
  const parsed = parseGoDuration(text);
  if (!parsed.ok) throw new Error(parsed.error);
  // cel-js keeps durations as (seconds, nanos) with both parts carrying the sign.
  return new Duration(parsed.nanos / 1_000_000_000n, Number(parsed.nanos % 1_000_000_000n));
}

function goUrl(text: string): CelUrl {
  const parsed = parseRequestUri(text);
  if (!parsed.ok) throw new Error(`URL parse error during conversion from string: ${parsed.error}`);
  return new CelUrl(parsed.url);
}

function buildEnvironment(): Environment {
  return new Environment({ homogeneousAggregateLiterals: false })
    .registerVariable('self', 'dyn')
    .registerFunction(`${durationAlias}(string): google.protobuf.Duration`, goDuration)
    .registerType('URL', CelUrl)
    .registerFunction('url(string): URL', goUrl)
    .registerFunction('isURL(string): bool', (text: string) => parseRequestUri(text).ok)
    .registerFunction('URL.getScheme(): string', (u: CelUrl) => u.url.scheme)
    .registerFunction('URL.getHost(): string', (u: CelUrl) => u.url.host)
    .registerFunction('URL.getHostname(): string', (u: CelUrl) => urlHostname(u.url))
    .registerFunction('URL.getPort(): string', (u: CelUrl) => urlPort(u.url));
}

// Built on first use: the environment never changes after, and compiled rules and their
// remembered outcomes are pure functions of the rule text and input, so these caches hold no
// state a caller could observe.
let environment: Environment | undefined;
const compiled = new Map<string, CelProgram>();

function env(): Environment {
  environment ??= buildEnvironment();
  return environment;
}

/** Start offsets of every `duration(x)` call's name in the parsed rule. */
function durationCallOffsets(node: unknown, rule: string, out: number[]): void {
  if (Array.isArray(node)) {
    for (const child of node) durationCallOffsets(child, rule, out);
    return;
  }
  if (typeof node !== 'object' || node === null || !('op' in node) || !('args' in node)) return;
  const { op, args } = node;
  if (op === 'call' && Array.isArray(args) && args[0] === 'duration' && 'start' in node) {
    const start = node.start;
    if (typeof start === 'number' && rule.startsWith('duration', start)) out.push(start);
  }
  durationCallOffsets(args, rule, out);
}

function withGoDurations(rule: string, program: ParseResult): string {
  const offsets: number[] = [];
  durationCallOffsets(program.ast, rule, offsets);
  let text = rule;
  for (const at of offsets.sort((a, b) => b - a)) {
    text = text.slice(0, at) + durationAlias + text.slice(at + 'duration'.length);
  }
  return text;
}

type CelProgram =
  | {
      readonly ok: true;
      readonly run: ParseResult;
      readonly selfFields: SelfFields | undefined;
      readonly remembered: Map<string, CelOutcome>;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Outcomes are remembered per rule, keyed by what the rule can see of `self`. Rules are pure
 * and the same inputs recur across thousands of resources (`5s`, `{app: reviews}`, a spec with
 * `selector` set and `targetRefs` not), so most evaluations become a lookup. The key is `self`
 * itself for strings and flat string maps (labels), and for objects a rule reads only through
 * `self.<field>`, the presence of each such field and the value of those it reads (when they
 * are scalars). Bounded per rule: emptied when full.
 */
const maxRemembered = 1024;

/** The top-level fields a rule reads, each with whether it reads the value or only `has()`. */
type SelfFields = ReadonlyArray<readonly [field: string, valueRead: boolean]>;

interface AstNode {
  readonly op: unknown;
  readonly args: unknown;
}

function isAstNode(node: unknown): node is AstNode {
  return typeof node === 'object' && node !== null && 'op' in node && 'args' in node;
}

/** How the rule uses `self`, or undefined when it uses it other than as `self.<field>`. */
function selfFieldsOf(root: unknown): SelfFields | undefined {
  const fields = new Map<string, boolean>();
  // False as soon as `self` is used otherwise (`self.all(…)`, `self[k]`, `self` alone).
  const visit = (node: unknown, parent: AstNode | undefined, grandparent: AstNode | undefined): boolean => {
    if (Array.isArray(node)) return node.every((child) => visit(child, parent, grandparent));
    if (!isAstNode(node)) return true;
    if (node.op !== 'id' || node.args !== 'self') return visit(node.args, node, parent);
    const field = parent?.op === '.' && Array.isArray(parent.args) ? (parent.args[1] as unknown) : undefined;
    if (typeof field !== 'string') return false;
    const hasOnly =
      grandparent?.op === 'call' && Array.isArray(grandparent.args) && grandparent.args[0] === 'has';
    fields.set(field, (fields.get(field) ?? false) || !hasOnly);
    return true;
  };
  return visit(root, undefined, undefined) && fields.size > 0 ? [...fields] : undefined;
}

function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value}:${value}`;
    case 'object':
      return value === null ? 'null' : undefined;
    case 'undefined':
    case 'symbol':
    case 'function':
      return undefined;
  }
}

const maxMapKeyEntries = 16;

/** What a rule can see of `self`, as a string; undefined when that is not cheap to say. */
function memoKey(self: unknown, fields: SelfFields | undefined): string | undefined {
  if (typeof self === 'string') return `s${self}`;
  if (typeof self !== 'object' || self === null || Array.isArray(self)) return undefined;
  const object = self as Readonly<Record<string, unknown>>;
  if (fields) {
    let key = 'f';
    for (const [field, valueRead] of fields) {
      const value = Object.prototype.hasOwnProperty.call(object, field) ? object[field] : undefined;
      if (value === undefined) key += '-|';
      else if (!valueRead) key += '+|';
      else {
        const scalar = scalarKey(value);
        if (scalar === undefined) return undefined;
        key += `${scalar}|`;
      }
    }
    return key;
  }
  const keys = Object.keys(object);
  if (keys.length > maxMapKeyEntries) return undefined;
  for (const k of keys) if (typeof object[k] !== 'string') return undefined;
  return `m${JSON.stringify(object)}`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

function compileRule(rule: string): CelProgram {
  const cached = compiled.get(rule);
  if (cached) return cached;
  let program: CelProgram;
  try {
    const first = env().parse(rule);
    const run = env().parse(withGoDurations(rule, first));
    const checked = run.check();
    if (!checked.valid) program = { ok: false, reason: firstLine(checked.error) };
    else if (checked.type !== 'bool' && checked.type !== 'dyn')
      program = { ok: false, reason: `rule returns ${checked.type ?? 'an unknown type'}, not bool` };
    else program = { ok: true, run, selfFields: selfFieldsOf(run.ast), remembered: new Map() };
  } catch (error) {
    program = { ok: false, reason: firstLine(error) };
  }
  compiled.set(rule, program);
  return program;
}

/** Whether this environment can evaluate the rule; if not, why. */
export function celRuleSupport(
  rule: string,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const program = compileRule(rule);
  return program.ok ? { ok: true } : program;
}

/** The outcome of one rule on one value: it held, it failed, or evaluating it raised an error. */
export type CelOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'unsupported'; readonly reason: string };

const pass: CelOutcome = { kind: 'pass' };
const failed: CelOutcome = { kind: 'fail' };

/** Evaluates `rule` with `self` bound to `self` (already in CEL's representation). */
export function evaluateCelRule(rule: string, self: unknown): CelOutcome {
  const program = compileRule(rule);
  if (!program.ok) return { kind: 'unsupported', reason: program.reason };
  const key = memoKey(self, program.selfFields);
  if (key === undefined) return run(program.run, self);
  const known = program.remembered.get(key);
  if (known) return known;
  const outcome = run(program.run, self);
  if (program.remembered.size >= maxRemembered) program.remembered.clear();
  program.remembered.set(key, outcome);
  return outcome;
}

function run(program: ParseResult, self: unknown): CelOutcome {
  try {
    const result: unknown = program({ self });
    if (result === true) return pass;
    if (result === false) return failed;
    return { kind: 'error', error: 'rule did not evaluate to a bool' };
  } catch (error) {
    return { kind: 'error', error: celErrorText(error) };
  }
}

/** An evaluation error in one line, without cel-js's source excerpt. */
function celErrorText(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) return firstLine(error.cause);
  return firstLine(error);
}
