/**
 * `allOf`/`oneOf`/`anyOf`/`not` as Istio's CRDs write them: branches about field presence
 * (`{required: [simple]}`), so failures read "only one of … may be set".
 */
import type { CrdSchema } from './crd-schema.ts';
import type { Check, Matcher, Presence } from './checks.ts';
import { isObject } from './checks.ts';
import { Walk } from './walk.ts';

/** Compiles a branch (outside the structural tree) for the object whose field presence is given. */
export type BranchCompiler = (schema: CrdSchema, presence: Presence) => { readonly check: Check };
import { alternatives } from './messages.ts';

/** What a branch says about field presence, when that is all it says. */
type PresenceShape =
  | { readonly kind: 'requires'; readonly fields: readonly string[] }
  | { readonly kind: 'forbids'; readonly fields: readonly string[] };

function onlyKey(schema: CrdSchema, key: keyof CrdSchema): boolean {
  const keys = Object.keys(schema);
  return keys.length === 1 && keys[0] === key;
}

/** `{required: [a]}` requires a; `{not: {anyOf: [{required: [a]}, {required: [b]}]}}` forbids a and b. */
function presenceShape(schema: CrdSchema): PresenceShape | undefined {
  if (onlyKey(schema, 'required')) return { kind: 'requires', fields: schema.required ?? [] };
  if (onlyKey(schema, 'not') && schema.not) {
    const inner = schema.not;
    if (onlyKey(inner, 'required')) return { kind: 'forbids', fields: inner.required ?? [] };
    if (onlyKey(inner, 'anyOf') && inner.anyOf?.every((b) => onlyKey(b, 'required'))) {
      return { kind: 'forbids', fields: inner.anyOf.flatMap((b) => b.required ?? []) };
    }
  }
  return undefined;
}

/** Whether a value satisfies a branch, without reporting anything. */
function matcherOf(schema: CrdSchema, presence: Presence, compile: BranchCompiler): Matcher {
  if (onlyKey(schema, 'required')) {
    const fields = schema.required ?? [];
    // `required` constrains objects only; anything else satisfies it.
    return (value) => !isObject(value) || fields.every((f) => presence(value, f));
  }
  if (onlyKey(schema, 'not') && schema.not) {
    const inner = matcherOf(schema.not, presence, compile);
    return (value) => !inner(value);
  }
  if (onlyKey(schema, 'anyOf') && schema.anyOf) {
    const branches = schema.anyOf.map((b) => matcherOf(b, presence, compile));
    return (value) => branches.some((m) => m(value));
  }
  const node = compile(schema, presence);
  return (value) => {
    const probe = new Walk();
    node.check(value, probe);
    return probe.findings.length === 0;
  };
}

function presentFields(value: unknown, fields: readonly string[], presence: Presence): string[] {
  return isObject(value) ? fields.filter((f) => presence(value, f)) : [];
}

export function combinatorChecks(schema: CrdSchema, presence: Presence, compile: BranchCompiler): Check[] {
  const checks: Check[] = [];
  for (const branch of schema.allOf ?? []) {
    const node = compile(branch, presence);
    checks.push((value, walk) => {
      node.check(value, walk);
    });
  }
  if (schema.oneOf) checks.push(oneOfCheck(schema.oneOf, presence, compile));
  // The anyOf of an int-or-string field only restates its type, which is checked already.
  if (schema.anyOf && schema['x-kubernetes-int-or-string'] !== true)
    checks.push(anyOfCheck(schema.anyOf, presence, compile));
  if (schema.not) checks.push(notCheck(schema.not, presence, compile));
  return checks;
}

function oneOfCheck(branches: readonly CrdSchema[], presence: Presence, compile: BranchCompiler): Check {
  const matchers = branches.map((b) => matcherOf(b, presence, compile));
  const shapes = branches.map(presenceShape);
  const allPresence = shapes.every((s) => s !== undefined);
  const choices = [...new Set(shapes.flatMap((s) => (s?.kind === 'requires' ? s.fields : [])))];
  // Istio's usual shape: one `{required: [x]}` per choice, maybe one branch forbidding them all.
  // Then exactly one branch matches iff one choice is set, or none is and that is allowed, which
  // a single count decides.
  const counted =
    allPresence &&
    shapes.every((s) => s.kind !== 'requires' || s.fields.length === 1) &&
    shapes.every(
      (s) =>
        s.kind !== 'forbids' ||
        (s.fields.length === choices.length && choices.every((c) => s.fields.includes(c))),
    );
  const noneAllowed = shapes.some((s) => s?.kind === 'forbids');
  const matchCount = (value: unknown): number => {
    if (counted && isObject(value)) {
      let set = 0;
      for (const choice of choices) if (presence(value, choice)) set++;
      return set === 0 && noneAllowed ? 1 : set;
    }
    let matched = 0;
    for (const m of matchers) if (m(value)) matched++;
    return matched;
  };
  return (value, walk) => {
    const matched = matchCount(value);
    if (matched === 1) return;
    if (allPresence && choices.length > 0) {
      const set = presentFields(value, choices, presence);
      if (set.length > 1) {
        walk.report(`only one of ${alternatives(choices)} may be set, found ${alternatives(set, 'and')}`);
        return;
      }
      if (set.length === 0) {
        walk.report(`one of ${alternatives(choices)} must be set`);
        return;
      }
    }
    walk.report(`must match exactly one of the oneOf schemas, matched ${matched === 0 ? 'none' : matched}`);
  };
}

function anyOfCheck(branches: readonly CrdSchema[], presence: Presence, compile: BranchCompiler): Check {
  const matchers = branches.map((b) => matcherOf(b, presence, compile));
  const shapes = branches.map(presenceShape);
  const required = shapes.every((s) => s?.kind === 'requires')
    ? [...new Set(shapes.flatMap((s) => s.fields))]
    : undefined;
  return (value, walk) => {
    if (matchers.some((m) => m(value))) return;
    walk.report(
      required
        ? `at least one of ${alternatives(required)} must be set`
        : 'must match at least one of the anyOf schemas',
    );
  };
}

function notCheck(branch: CrdSchema, presence: Presence, compile: BranchCompiler): Check {
  const matches = matcherOf(branch, presence, compile);
  const forbidden = presenceShape({ not: branch });
  return (value, walk) => {
    if (!matches(value)) return;
    if (forbidden?.kind === 'forbids') {
      const set = presentFields(value, forbidden.fields, presence);
      walk.report(`${alternatives(set, 'and')} must not be set`);
      return;
    }
    walk.report('must not match the schema given in "not"');
  };
}
