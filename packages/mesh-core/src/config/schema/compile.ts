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
import { count, describeValue, didYouMean, showScalar } from './messages.ts';
import type { Walk } from './walk.ts';
import type { Check, Presence } from './checks.ts';
import { isObject } from './checks.ts';
import type { BranchCompiler } from './combinators.ts';
import { combinatorChecks } from './combinators.ts';
import {
  enumCheck,
  identity,
  integerToCel,
  numberChecks,
  stringChecks,
  typeRuleOf,
} from './scalar-checks.ts';
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
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

const compileBranch: BranchCompiler = (schema, presence) =>
  compileNode(schema, { structural: false, presence });

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
  checks.push(...combinatorChecks(schema, presence ?? plainPresence, compileBranch));

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
