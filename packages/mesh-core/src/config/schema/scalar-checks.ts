/**
 * Checks of scalar keywords, compiled from a schema node: the JSON type (with Kubernetes'
 * integer and int-or-string rules), enum, string formats, lengths and patterns, numeric bounds
 * and integer formats.
 */
import type { CrdSchema } from './crd-schema.ts';
import type { Check } from './checks.ts';
import { isObject } from './checks.ts';
import { count, didYouMean, showScalar } from './messages.ts';

export function identity(value: unknown): unknown {
  return value;
}

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

export function typeRuleOf(schema: CrdSchema): TypeRule | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return intOrString;
  return schema.type ? typeRules[schema.type] : undefined;
}

export function integerToCel(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}

export function enumCheck(values: readonly (string | number | boolean | null)[]): Check {
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

export function stringChecks(schema: CrdSchema): Check[] {
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

export function numberChecks(schema: CrdSchema): Check[] {
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
