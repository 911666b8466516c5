/**
 * Compiles a CRD schema (OpenAPI v3 with Kubernetes' structural-schema extensions) into
 * validator closures, once per schema object, memoised in a WeakMap: every keyword is read at
 * compile time, so validating a value only runs the closures its schema needs.
 *
 * A node's check follows the order Kubernetes' apiextensions validation effectively applies:
 *  1. null: accepted if `nullable`; a null object field that is not nullable has already been
 *     dropped by the parent (Kubernetes prunes such nulls before validating, so `timeout: ~`
 *     means "unset", and counts as missing for `required`); anywhere else it is a type error.
 *  2. type (`integer` is a whole number, strings are never numbers, `x-kubernetes-int-or-string`
 *     takes either); a value of the wrong type gets that one finding and nothing more.
 *  3. the keywords of that type: enum, bounds and formats, lengths and pattern, items and
 *     list-type uniqueness, properties (unknown fields are refused unless the schema has
 *     `additionalProperties` or `x-kubernetes-preserve-unknown-fields`), required, property counts.
 *  4. `allOf`/`oneOf`/`anyOf`/`not`, whose branches Istio writes as field presence
 *     (`{required: [simple]}`), so their failures are worded as "only one of … may be set".
 *  5. `x-kubernetes-validations` CEL rules, on the value as Kubernetes shows it to them (unknown
 *     fields and prunable nulls gone, integers as CEL ints), unless a blocking finding (wrong
 *     type, enum, required, maximum length or count) was reported at or below the node: a rule
 *     over a malformed value would fail for the wrong reason. Kubernetes goes further and skips
 *     every rule once any blocking error exists; evaluating the well-formed parts reports more.
 * Every problem is reported, each at the path of the offending field.
 */
import type { CelValidation, CrdSchema } from './crd-schema.ts';
import { evaluateCelRule } from './cel.ts';
import { alternatives, count, describeValue, didYouMean, showScalar } from './messages.ts';
import { Walk } from './walk.ts';

type Check = (value: unknown, walk: Walk) => void;
type Matcher = (value: unknown) => boolean;
type Presence = (object: Readonly<Record<string, unknown>>, field: string) => boolean;

export interface CompiledSchema {
  /** Validates a value at the walk's current path. */
  readonly check: Check;
  /** Whether Kubernetes prunes a null in this field before validating (not nullable, no default). */
  readonly prunesNull: boolean;
  /** The value as CEL sees it (integers as bigint, pruned nulls gone); only for checked values. */
  readonly toCel: (value: unknown) => unknown;
}

interface CompileContext {
  /**
   * Part of the structural tree (reached through properties, items, additionalProperties):
   * unknown fields and CEL rules apply there, not inside `oneOf`/`anyOf`/`allOf`/`not` branches.
   */
  readonly structural: boolean;
  /** Field presence of the object a combinator branch describes. */
  readonly presence?: Presence;
}

const compiled = new WeakMap<CrdSchema, CompiledSchema>();

/** The validator for a schema, compiled on first use and shared by every later call. */
export function compileSchema(schema: CrdSchema): CompiledSchema {
  return compileNode(schema, { structural: true });
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function compileNode(schema: CrdSchema, context: CompileContext): CompiledSchema {
  const cached = compiled.get(schema);
  if (cached) return cached;

  const typeRule = typeRuleOf(schema);
  const nullable = schema.nullable === true;
  const checks: Check[] = [];
  let toCel: (value: unknown) => unknown = identity;

  if (schema.enum) checks.push(enumCheck(schema.enum));
  if (schema.type === 'string') checks.push(...stringChecks(schema));
  if (schema.type === 'integer' || schema.type === 'number') checks.push(...numberChecks(schema));
  if (schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true) toCel = integerToCel;
  if (schema.type === 'array') {
    const array = arrayParts(schema, context);
    checks.push(...array.checks);
    toCel = array.toCel;
  }
  let presence = context.presence;
  if (
    schema.type === 'object' ||
    schema.properties ||
    schema.required ||
    schema.additionalProperties !== undefined
  ) {
    const object = objectParts(schema, context);
    checks.push(...object.checks);
    presence = object.presence;
    if (schema.type === 'object') toCel = object.toCel;
  }
  checks.push(...combinatorChecks(schema, presence ?? plainPresence));

  const rules = context.structural ? (schema['x-kubernetes-validations'] ?? []) : [];
  const node: CompiledSchema = {
    prunesNull: !nullable,
    toCel,
    check: (value, walk) => {
      if (value === null) {
        if (!nullable && typeRule) walk.reportMalformed(`expected ${typeRule.name}, got null`);
        return;
      }
      if (typeRule && !typeRule.test(value)) {
        walk.reportMalformed(`expected ${typeRule.name}, got ${describeValue(value)}`);
        return;
      }
      const malformed = walk.malformed;
      for (const check of checks) check(value, walk);
      if (rules.length > 0 && walk.malformed === malformed) celChecks(rules, toCel(value), walk);
    },
  };
  compiled.set(schema, node);
  return node;
}

function identity(value: unknown): unknown {
  return value;
}

// --- types -------------------------------------------------------------------------------------

interface TypeRule {
  readonly name: string;
  readonly test: (value: unknown) => boolean;
}

const typeRules: Readonly<Record<NonNullable<CrdSchema['type']>, TypeRule>> = {
  object: { name: 'object', test: isObject },
  array: { name: 'array', test: Array.isArray },
  string: { name: 'string', test: (v) => typeof v === 'string' },
  // YAML `1.0` reads as the number 1, which Kubernetes also takes for an integer.
  integer: { name: 'integer', test: (v) => typeof v === 'number' && Number.isInteger(v) },
  number: { name: 'number', test: (v) => typeof v === 'number' && Number.isFinite(v) },
  boolean: { name: 'boolean', test: (v) => typeof v === 'boolean' },
};

const intOrString: TypeRule = {
  name: 'integer or string',
  test: (v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)),
};

function typeRuleOf(schema: CrdSchema): TypeRule | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return intOrString;
  return schema.type ? typeRules[schema.type] : undefined;
}

function integerToCel(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}

// --- scalars -----------------------------------------------------------------------------------

function enumCheck(values: readonly (string | number | boolean | null)[]): Check {
  const allowed = new Set<unknown>(values);
  const listed = values.map(String);
  return (value, walk) => {
    if (allowed.has(value)) return;
    const hint = typeof value === 'string' ? didYouMean(value, listed) : '';
    walk.reportMalformed(`value ${showScalar(value)} is not one of [${listed.join(', ')}]${hint}`);
  };
}

/** Length in Unicode code points, as Kubernetes counts (Go's `utf8.RuneCountInString`). */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

const stringFormats: Readonly<Record<string, { readonly test: RegExp; readonly name: string }>> = {
  // Go's base64.StdEncoding: padded standard alphabet.
  byte: { test: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, name: 'base64 data' },
  'date-time': {
    test: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
    name: 'an RFC 3339 date-time',
  },
};

function stringChecks(schema: CrdSchema): Check[] {
  const checks: Check[] = [];
  const { minLength, maxLength, pattern, format } = schema;
  if (minLength !== undefined || maxLength !== undefined) {
    checks.push((value, walk) => {
      const text = value as string;
      // UTF-16 length bounds the code point count from above, so most strings need no count.
      if (maxLength !== undefined && text.length > maxLength) {
        const n = codePoints(text);
        if (n > maxLength)
          walk.reportMalformed(`is ${count(n, 'character')} long, more than the maximum ${maxLength}`);
      }
      if (minLength !== undefined && (text.length < minLength || codePoints(text) < minLength)) {
        walk.report(`is ${count(codePoints(text), 'character')} long, fewer than the minimum ${minLength}`);
      }
    });
  }
  if (pattern !== undefined) {
    const regex = compilePattern(pattern);
    // Go's RE2 never backtracks; JS does. Strings over maxLength are refused already and not
    // matched, which keeps the CRDs' nested-quantifier patterns (all bounded by maxLength) fast.
    if (regex) {
      checks.push((value, walk) => {
        const text = value as string;
        if (maxLength !== undefined && text.length > maxLength) return;
        if (!regex.test(text)) walk.report(`value ${showScalar(text)} does not match the pattern ${pattern}`);
      });
    }
  }
  const known = format === undefined ? undefined : stringFormats[format];
  // Kubernetes ignores formats it does not know; so does this.
  if (known)
    checks.push((value, walk) => {
      if (!known.test.test(value as string))
        walk.report(`value ${showScalar(value)} is not ${known.name} (format ${format ?? ''})`);
    });
  return checks;
}

/**
 * The CRD's pattern as a JS RegExp: Unicode mode so `.` is a code point as in RE2, plain mode
 * for patterns Unicode mode refuses. Undefined when neither compiles (the schema tests fail then).
 */
export function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try the next flags
    }
  }
  return undefined;
}

interface IntegerRange {
  readonly low: number;
  readonly high: number;
  /** Exact bounds: the 64-bit ones are not representable as JS numbers. */
  readonly text: string;
}

const integerFormats: ReadonlyMap<string, IntegerRange> = new Map([
  ['int32', { low: -(2 ** 31), high: 2 ** 31 - 1, text: '-2147483648 to 2147483647' }],
  ['uint32', { low: 0, high: 2 ** 32 - 1, text: '0 to 4294967295' }],
  ['int64', { low: -(2 ** 63), high: 2 ** 63, text: '-9223372036854775808 to 9223372036854775807' }],
  ['uint64', { low: 0, high: 2 ** 64, text: '0 to 18446744073709551615' }],
]);

function numberChecks(schema: CrdSchema): Check[] {
  const checks: Check[] = [];
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (minimum !== undefined) {
    checks.push((value, walk) => {
      const n = value as number;
      if (exclusiveMinimum === true ? n <= minimum : n < minimum) {
        walk.report(
          `value ${n} is ${exclusiveMinimum === true ? 'not greater than' : 'less than'} the minimum ${minimum}`,
        );
      }
    });
  }
  if (maximum !== undefined) {
    checks.push((value, walk) => {
      const n = value as number;
      if (exclusiveMaximum === true ? n >= maximum : n > maximum) {
        walk.report(
          `value ${n} is ${exclusiveMaximum === true ? 'not less than' : 'greater than'} the maximum ${maximum}`,
        );
      }
    });
  }
  if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
    const step = schema.multipleOf;
    checks.push((value, walk) => {
      const n = value as number;
      if (!Number.isInteger(n / step)) walk.report(`value ${n} is not a multiple of ${step}`);
    });
  }
  if (schema.type === 'integer') {
    // Istio decodes into protobuf int32/uint32 fields and refuses what does not fit; any
    // integer past int64 cannot reach Kubernetes as an integer at all.
    const format = schema.format !== undefined && integerFormats.has(schema.format) ? schema.format : 'int64';
    const range = integerFormats.get(format);
    if (range) {
      checks.push((value, walk) => {
        const n = value as number;
        // 2 ** 63 is the first float past int64's maximum, so `>=` there.
        const over = range.high >= 2 ** 63 ? n >= range.high : n > range.high;
        if (n < range.low || over) walk.report(`value ${n} is out of range for ${format} (${range.text})`);
      });
    }
  }
  return checks;
}

// --- arrays ------------------------------------------------------------------------------------

function arrayParts(
  schema: CrdSchema,
  context: CompileContext,
): { checks: Check[]; toCel: (value: unknown) => unknown } {
  const checks: Check[] = [];
  const { minItems, maxItems } = schema;
  if (minItems !== undefined) {
    checks.push((value, walk) => {
      const n = (value as readonly unknown[]).length;
      if (n < minItems) walk.report(`has ${count(n, 'item')}, fewer than the minimum ${minItems}`);
    });
  }
  if (maxItems !== undefined) {
    checks.push((value, walk) => {
      const n = (value as readonly unknown[]).length;
      if (n > maxItems) walk.reportMalformed(`has ${count(n, 'item')}, more than the maximum ${maxItems}`);
    });
  }
  const items = schema.items ? compileNode(schema.items, { structural: context.structural }) : undefined;
  if (items) {
    checks.push((value, walk) => {
      const list = value as readonly unknown[];
      for (let i = 0; i < list.length; i++) {
        walk.enterIndex(i);
        items.check(list[i], walk);
        walk.leave();
      }
    });
  }
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') checks.push(uniqueItemsCheck());
  if (listType === 'map') checks.push(uniqueKeysCheck(schema['x-kubernetes-list-map-keys'] ?? []));
  // Copy on write: a list whose items CEL sees unchanged is passed as it is.
  const toCel = items
    ? (value: unknown): unknown => {
        const list = value as readonly unknown[];
        let out: unknown[] | undefined;
        for (let i = 0; i < list.length; i++) {
          const item = list[i];
          const seen = items.toCel(item);
          if (seen !== item) out ??= list.slice(0, i);
          out?.push(seen);
        }
        return out ?? list;
      }
    : identity;
  return { checks, toCel };
}

/** A canonical text for a value, equal for deep-equal values (object keys sorted). */
function canonical(value: unknown, depth = 0): string {
  if (depth > 100) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], depth + 1)}`).join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
}

/** `x-kubernetes-list-type: set`: no two items equal. */
function uniqueItemsCheck(): Check {
  return (value, walk) => {
    const seen = new Map<string, number>();
    (value as readonly unknown[]).forEach((item, i) => {
      const key = canonical(item);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        return;
      }
      walk.enterIndex(i);
      walk.report(
        `duplicate value ${isObject(item) || Array.isArray(item) ? '' : `${showScalar(item)} `}(same as item ${first})`,
      );
      walk.leave();
    });
  };
}

/** `x-kubernetes-list-type: map`: no two items with the same values of the key fields. */
function uniqueKeysCheck(keyFields: readonly string[]): Check {
  return (value, walk) => {
    const seen = new Map<string, number>();
    (value as readonly unknown[]).forEach((item, i) => {
      // An item lacking a key field is reported as missing it; it is no one's duplicate.
      if (!isObject(item) || keyFields.some((f) => item[f] === undefined || item[f] === null)) return;
      const key = canonical(keyFields.map((f) => item[f]));
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        return;
      }
      const shown = keyFields.map((f) => `${f} ${showScalar(item[f])}`).join(', ');
      walk.enterIndex(i);
      walk.report(`duplicate entry with ${shown} (same as item ${first})`);
      walk.leave();
    });
  };
}

// --- objects -----------------------------------------------------------------------------------

const plainPresence: Presence = (object, field) => hasOwn(object, field) && object[field] !== undefined;

function objectParts(
  schema: CrdSchema,
  context: CompileContext,
): { checks: Check[]; presence: Presence; toCel: (value: unknown) => unknown } {
  const child: CompileContext = { structural: context.structural };
  const properties = new Map<string, CompiledSchema>();
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    properties.set(name, compileNode(sub, child));
  const extra = schema.additionalProperties;
  const extraNode = typeof extra === 'object' ? compileNode(extra, child) : undefined;
  // Outside the structural tree (a combinator branch) fields are not this schema's to refuse.
  const closed =
    context.structural &&
    extra !== true &&
    extraNode === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true;
  const schemaOf = (field: string): CompiledSchema | undefined => properties.get(field) ?? extraNode;
  // After Kubernetes prunes nulls, a field holding a prunable null is absent. A branch with no
  // fields of its own (`{required: [a]}` in an allOf) judges presence by its owner's fields.
  const ownPresence: Presence = (object, field) => {
    if (!hasOwn(object, field)) return false;
    const value = object[field];
    return value !== undefined && (value !== null || !(schemaOf(field)?.prunesNull ?? false));
  };
  const presence = properties.size > 0 || extraNode ? ownPresence : (context.presence ?? ownPresence);

  // A typeless schema (a combinator branch) may meet any value; a typed one was type-checked.
  const guard = schema.type !== 'object';
  const checks: Check[] = [];
  if (properties.size > 0 || extraNode || closed) {
    checks.push((value, walk) => {
      if (guard && !isObject(value)) return;
      const object = value as Readonly<Record<string, unknown>>;
      for (const key of Object.keys(object)) {
        const field = object[key];
        // JSON has no undefined: a caller's `{x: undefined}` is an absent field.
        if (field === undefined) continue;
        const property = properties.get(key);
        if (property) {
          if (field === null && property.prunesNull) continue;
          walk.enterProperty(key);
          property.check(field, walk);
          walk.leave();
        } else if (extraNode) {
          if (field === null && extraNode.prunesNull) continue;
          walk.enterKey(key);
          extraNode.check(field, walk);
          walk.leave();
        } else if (closed) {
          walk.reportUnknown(
            key,
            `unknown field ${JSON.stringify(key)}${didYouMean(key, properties.keys())}`,
          );
        }
      }
    });
  }
  const required = schema.required ?? [];
  if (required.length > 0) {
    checks.push((value, walk) => {
      if (guard && !isObject(value)) return; // `required` constrains objects only
      const object = value as Readonly<Record<string, unknown>>;
      for (const field of required) {
        if (!presence(object, field)) walk.reportMissing(field);
      }
    });
  }
  const { minProperties, maxProperties } = schema;
  if (minProperties !== undefined || maxProperties !== undefined) {
    checks.push((value, walk) => {
      if (!isObject(value)) return;
      const object = value;
      const n = Object.keys(object).filter((k) => presence(object, k)).length;
      if (minProperties !== undefined && n < minProperties) {
        walk.report(`has ${count(n, 'entry')}, fewer than the minimum ${minProperties}`);
      }
      if (maxProperties !== undefined && n > maxProperties)
        walk.reportMalformed(`has ${count(n, 'entry')}, more than the maximum ${maxProperties}`);
    });
  }
  // Copy on write: an object CEL sees unchanged (the usual case) is passed as it is, so rules
  // over whole specs allocate nothing.
  const toCel = (value: unknown): unknown => {
    const object = value as Readonly<Record<string, unknown>>;
    const keys = Object.keys(object);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? '';
      const field = object[key];
      const sub = schemaOf(key);
      // Kubernetes prunes unknown fields and prunable nulls before rules see the object.
      const dropped = field === undefined || (sub ? field === null && sub.prunesNull : closed);
      const seen = dropped || !sub ? field : sub.toCel(field);
      if (out === undefined && (dropped || seen !== field)) {
        out = {};
        for (let k = 0; k < i; k++) out[keys[k] ?? ''] = object[keys[k] ?? ''];
      }
      if (out !== undefined && !dropped) out[key] = seen;
    }
    return out ?? object;
  };
  return { checks, presence, toCel };
}

// --- combinators -------------------------------------------------------------------------------

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
function matcherOf(schema: CrdSchema, presence: Presence): Matcher {
  if (onlyKey(schema, 'required')) {
    const fields = schema.required ?? [];
    // `required` constrains objects only; anything else satisfies it.
    return (value) => !isObject(value) || fields.every((f) => presence(value, f));
  }
  if (onlyKey(schema, 'not') && schema.not) {
    const inner = matcherOf(schema.not, presence);
    return (value) => !inner(value);
  }
  if (onlyKey(schema, 'anyOf') && schema.anyOf) {
    const branches = schema.anyOf.map((b) => matcherOf(b, presence));
    return (value) => branches.some((m) => m(value));
  }
  const node = compileNode(schema, { structural: false, presence });
  return (value) => {
    const probe = new Walk();
    node.check(value, probe);
    return probe.findings.length === 0;
  };
}

function presentFields(value: unknown, fields: readonly string[], presence: Presence): string[] {
  return isObject(value) ? fields.filter((f) => presence(value, f)) : [];
}

function combinatorChecks(schema: CrdSchema, presence: Presence): Check[] {
  const checks: Check[] = [];
  for (const branch of schema.allOf ?? []) {
    const node = compileNode(branch, { structural: false, presence });
    checks.push((value, walk) => {
      node.check(value, walk);
    });
  }
  if (schema.oneOf) checks.push(oneOfCheck(schema.oneOf, presence));
  // The anyOf of an int-or-string field only restates its type, which is checked already.
  if (schema.anyOf && schema['x-kubernetes-int-or-string'] !== true)
    checks.push(anyOfCheck(schema.anyOf, presence));
  if (schema.not) checks.push(notCheck(schema.not, presence));
  return checks;
}

function oneOfCheck(branches: readonly CrdSchema[], presence: Presence): Check {
  const matchers = branches.map((b) => matcherOf(b, presence));
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

function anyOfCheck(branches: readonly CrdSchema[], presence: Presence): Check {
  const matchers = branches.map((b) => matcherOf(b, presence));
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

function notCheck(branch: CrdSchema, presence: Presence): Check {
  const matches = matcherOf(branch, presence);
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

// --- CEL ---------------------------------------------------------------------------------------

function celChecks(rules: readonly CelValidation[], self: unknown, walk: Walk): void {
  for (const { rule, message } of rules) {
    const outcome = evaluateCelRule(rule, self);
    const text = message ?? `failed rule: ${rule}`;
    switch (outcome.kind) {
      case 'pass':
        break;
      case 'fail':
        walk.report(text);
        break;
      case 'error':
        walk.report(`${text} (${outcome.error})`);
        break;
      case 'unsupported':
        // A rule this environment cannot evaluate is not the user's error; cel.test.ts fails
        // for every such rule in Istio's CRDs, so none reaches users unnoticed.
        break;
    }
  }
}
