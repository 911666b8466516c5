import { describe, expect, it } from 'vitest';
import { formatPath } from '../path.ts';
import { compileSchema } from './compile.ts';
import { compilePattern } from './scalar-checks.ts';
import type { CrdSchema } from './crd-schema.ts';
import { crdSchemas } from './crd-schemas.gen.ts';
import { Walk } from './walk.ts';

/** Findings as [Kiali path, detail without the common prefix]. */
function validate(schema: CrdSchema, value: unknown): Array<[string, string]> {
  const walk = new Walk();
  compileSchema(schema).check(value, walk);
  return walk.findings.map((f) => [
    formatPath(f.path),
    (f.detail ?? '').replace(/^Schema validation error: /, ''),
  ]);
}

const obj = (properties: Record<string, CrdSchema>, extra: Partial<CrdSchema> = {}): CrdSchema => ({
  type: 'object',
  properties,
  ...extra,
});

interface Case {
  readonly name: string;
  readonly schema: CrdSchema;
  readonly value: unknown;
  readonly expected: Array<[string, string]>;
}

const port: CrdSchema = { type: 'integer', format: 'int32' };
const cases: Case[] = [
  { name: 'integer accepts a whole number', schema: obj({ n: port }), value: { n: 7 }, expected: [] },
  {
    name: 'integer refuses a fraction',
    schema: obj({ n: port }),
    value: { n: 7.5 },
    expected: [['n', 'n: expected integer, got number 7.5']],
  },
  {
    name: 'integer refuses a numeric string',
    schema: obj({ n: port }),
    value: { n: '7' },
    expected: [['n', 'n: expected integer, got string "7"']],
  },
  {
    name: 'number accepts an integer',
    schema: obj({ x: { type: 'number' } }),
    value: { x: 7 },
    expected: [],
  },
  {
    name: 'number refuses a string',
    schema: obj({ x: { type: 'number' } }),
    value: { x: '0.5' },
    expected: [['x', 'x: expected number, got string "0.5"']],
  },
  {
    name: 'number refuses infinity',
    schema: obj({ x: { type: 'number' } }),
    value: { x: Infinity },
    expected: [['x', 'x: expected number, got number Infinity']],
  },
  {
    name: 'string refuses a number',
    schema: obj({ s: { type: 'string' } }),
    value: { s: 1 },
    expected: [['s', 's: expected string, got integer 1']],
  },
  {
    name: 'boolean refuses a string',
    schema: obj({ b: { type: 'boolean' } }),
    value: { b: 'true' },
    expected: [['b', 'b: expected boolean, got string "true"']],
  },
  {
    name: 'int-or-string takes either, and nothing else',
    schema: obj({
      a: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    }),
    value: { a: true },
    expected: [['a', 'a: expected integer or string, got boolean true']],
  },
  {
    name: 'int-or-string with a string',
    schema: obj({
      a: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    }),
    value: { a: '25%' },
    expected: [],
  },
  {
    name: 'int32 upper bound',
    schema: obj({ n: port }),
    value: { n: 2147483648 },
    expected: [['n', 'n: value 2147483648 is out of range for int32 (-2147483648 to 2147483647)']],
  },
  { name: 'int32 lower bound', schema: obj({ n: port }), value: { n: -2147483648 }, expected: [] },
  {
    name: 'uint32',
    schema: obj({ n: { type: 'integer', format: 'uint32' } }),
    value: { n: -1 },
    expected: [['n', 'n: value -1 is out of range for uint32 (0 to 4294967295)']],
  },
  {
    name: 'int64 by default',
    schema: obj({ n: { type: 'integer' } }),
    value: { n: 2 ** 64 },
    expected: [
      [
        'n',
        'n: value 18446744073709552000 is out of range for int64 (-9223372036854775808 to 9223372036854775807)',
      ],
    ],
  },
  {
    name: 'minimum and maximum',
    schema: obj({ a: { type: 'integer', minimum: 1 }, b: { type: 'number', maximum: 100 } }),
    value: { a: 0, b: 100.5 },
    expected: [
      ['a', 'a: value 0 is less than the minimum 1'],
      ['b', 'b: value 100.5 is greater than the maximum 100'],
    ],
  },
  {
    name: 'exclusive bounds',
    schema: obj({
      a: { type: 'number', minimum: 0, exclusiveMinimum: true },
      b: { type: 'number', maximum: 1, exclusiveMaximum: true },
    }),
    value: { a: 0, b: 1 },
    expected: [
      ['a', 'a: value 0 is not greater than the minimum 0'],
      ['b', 'b: value 1 is not less than the maximum 1'],
    ],
  },
  {
    name: 'enum',
    schema: obj({ mode: { type: 'string', enum: ['STRICT', 'PERMISSIVE', 'DISABLE'] } }),
    value: { mode: 'strict' },
    expected: [
      ['mode', 'mode: value "strict" is not one of [STRICT, PERMISSIVE, DISABLE] (did you mean "STRICT"?)'],
    ],
  },
  {
    name: 'enum without a close match',
    schema: obj({ mode: { type: 'string', enum: ['STRICT', 'PERMISSIVE'] } }),
    value: { mode: 'OFF' },
    expected: [['mode', 'mode: value "OFF" is not one of [STRICT, PERMISSIVE]']],
  },
  {
    name: 'lengths count code points, as Go counts runes',
    schema: obj({ s: { type: 'string', maxLength: 2 }, t: { type: 'string', minLength: 2 } }),
    value: { s: '😀😀', t: '😀' },
    expected: [['t', 't: is 1 character long, fewer than the minimum 2']],
  },
  {
    name: 'too long',
    schema: obj({ s: { type: 'string', maxLength: 3 } }),
    value: { s: 'abcd' },
    expected: [['s', 's: is 4 characters long, more than the maximum 3']],
  },
  {
    name: 'pattern',
    schema: obj({ h: { type: 'string', pattern: '^[-_A-Za-z0-9]+$' } }),
    value: { h: 'x_ok-1' },
    expected: [],
  },
  {
    name: 'pattern mismatch',
    schema: obj({ h: { type: 'string', pattern: '^[-_A-Za-z0-9]+$' } }),
    value: { h: 'not ok' },
    expected: [['h', 'h: value "not ok" does not match the pattern ^[-_A-Za-z0-9]+$']],
  },
  {
    name: 'byte format is base64',
    schema: obj({ b: { type: 'string', format: 'byte' } }),
    value: { b: 'not base64!' },
    expected: [['b', 'b: value "not base64!" is not base64 data (format byte)']],
  },
  {
    name: 'unknown formats are ignored',
    schema: obj({ b: { type: 'string', format: 'color' } }),
    value: { b: 'x' },
    expected: [],
  },
  {
    name: 'item counts',
    schema: obj({
      a: { type: 'array', items: { type: 'string' }, minItems: 1 },
      b: { type: 'array', items: { type: 'string' }, maxItems: 1 },
    }),
    value: { a: [], b: ['x', 'y'] },
    expected: [
      ['a', 'a: has 0 items, fewer than the minimum 1'],
      ['b', 'b: has 2 items, more than the maximum 1'],
    ],
  },
  {
    name: 'items are checked, nulls in lists included',
    schema: obj({ a: { type: 'array', items: { type: 'string' } } }),
    value: { a: ['x', null, 3] },
    expected: [
      ['a[1]', 'a[1]: expected string, got null'],
      ['a[2]', 'a[2]: expected string, got integer 3'],
    ],
  },
  {
    name: 'list-type set',
    schema: obj({ a: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } }),
    value: { a: ['x', 'y', 'x'] },
    expected: [['a[2]', 'a[2]: duplicate value "x" (same as item 0)']],
  },
  {
    name: 'list-type map',
    schema: obj({
      a: {
        type: 'array',
        items: obj({ name: { type: 'string' }, port: { type: 'integer' } }),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      },
    }),
    value: { a: [{ name: 'x', port: 1 }, { name: 'y' }, { name: 'x', port: 2 }, { port: 3 }, { port: 4 }] },
    expected: [['a[2]', 'a[2]: duplicate entry with name "x" (same as item 0)']],
  },
  {
    name: 'property counts',
    schema: obj({
      m: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 },
      n: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
    }),
    value: { m: { a: 'x', b: 'y' }, n: {} },
    expected: [
      ['m', 'm: has 2 entries, more than the maximum 1'],
      ['n', 'n: has 0 entries, fewer than the minimum 1'],
    ],
  },
  {
    name: 'map values are checked, keys shown in brackets',
    schema: obj({ labels: { type: 'object', additionalProperties: { type: 'string' } } }),
    value: { labels: { 'app.kubernetes.io/name': 1 } },
    expected: [
      ['labels/app.kubernetes.io/name', 'labels[app.kubernetes.io/name]: expected string, got integer 1'],
    ],
  },
  {
    name: 'preserve-unknown-fields keeps anything',
    schema: obj({ value: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }),
    value: { value: { any: { thing: [1, 'x'] } } },
    expected: [],
  },
  {
    name: 'required, with nulls pruned first',
    schema: obj({ a: { type: 'string' }, b: { type: 'string' } }, { required: ['a', 'b'] }),
    value: { a: null },
    expected: [
      ['a', 'a: missing required field "a"'],
      ['b', 'b: missing required field "b"'],
    ],
  },
  {
    name: 'nullable keeps null',
    schema: obj({ a: { type: 'boolean', nullable: true } }, { required: ['a'] }),
    value: { a: null },
    expected: [],
  },
  {
    name: 'a null root is a type error',
    schema: obj({}),
    value: null,
    expected: [['', '<root>: expected object, got null']],
  },
  {
    name: 'undefined fields are absent',
    schema: obj({ a: { type: 'string' } }),
    value: { a: undefined },
    expected: [],
  },
  {
    name: 'oneOf of presence, none allowed',
    schema: obj(
      { exact: { type: 'string' }, prefix: { type: 'string' } },
      {
        oneOf: [
          { not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }] } },
          { required: ['exact'] },
          { required: ['prefix'] },
        ],
      },
    ),
    value: { exact: 'a', prefix: 'b' },
    expected: [['', '<root>: only one of exact or prefix may be set, found exact and prefix']],
  },
  {
    name: 'oneOf of presence, one required',
    schema: obj(
      { exact: { type: 'string' }, prefix: { type: 'string' } },
      { oneOf: [{ required: ['exact'] }, { required: ['prefix'] }] },
    ),
    value: {},
    expected: [['', '<root>: one of exact or prefix must be set']],
  },
  {
    name: 'oneOf counts a pruned null as unset',
    schema: obj(
      { exact: { type: 'string' }, prefix: { type: 'string' } },
      { oneOf: [{ required: ['exact'] }, { required: ['prefix'] }] },
    ),
    value: { exact: 'a', prefix: null },
    expected: [],
  },
  {
    name: 'allOf of oneOfs reports each',
    schema: obj(
      { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } },
      {
        allOf: [
          { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
          { oneOf: [{ required: ['c'] }, { required: ['d'] }] },
        ],
      },
    ),
    value: { a: 'x', b: 'x', c: 'x' },
    expected: [['', '<root>: only one of a or b may be set, found a and b']],
  },
  {
    name: 'anyOf of presence',
    schema: obj(
      { a: { type: 'string' }, b: { type: 'string' } },
      { anyOf: [{ required: ['a'] }, { required: ['b'] }] },
    ),
    value: {},
    expected: [['', '<root>: at least one of a or b must be set']],
  },
  {
    name: 'not of presence',
    schema: obj({ a: { type: 'string' }, b: { type: 'string' } }, { not: { required: ['a'] } }),
    value: { a: 'x' },
    expected: [['', '<root>: a must not be set']],
  },
  {
    name: 'general oneOf',
    schema: { oneOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] },
    value: -1,
    expected: [['', '<root>: must match exactly one of the oneOf schemas, matched none']],
  },
  {
    name: 'CEL rule failing, with its message',
    schema: obj({
      port: {
        type: 'integer',
        'x-kubernetes-validations': [
          { rule: '0 < self && self <= 65535', message: 'port must be between 1-65535' },
        ],
      },
    }),
    value: { port: 70000 },
    expected: [['port', 'port: port must be between 1-65535']],
  },
  {
    name: 'CEL rule without a message',
    schema: obj({ s: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != "*"' }] } }),
    value: { s: '*' },
    expected: [['s', 's: failed rule: self != "*"']],
  },
  {
    name: 'CEL sees integers as ints and pruned fields as absent',
    schema: obj(
      { a: { type: 'integer' }, b: { type: 'string' }, c: { type: 'string', nullable: true } },
      {
        'x-kubernetes-validations': [
          { rule: 'self.a == 1 && !has(self.b) && has(self.c)', message: 'seen wrong' },
        ],
      },
    ),
    value: { a: 1, b: null, c: null },
    expected: [],
  },
  {
    name: 'CEL rules are skipped over malformed values',
    schema: obj(
      { a: { type: 'integer' } },
      { 'x-kubernetes-validations': [{ rule: 'has(self.b)', message: 'b is needed' }] },
    ),
    value: { a: 'x' },
    expected: [['a', 'a: expected integer, got string "x"']],
  },
  {
    name: 'CEL rules still run beside unknown fields, which they do not see',
    schema: obj(
      { a: { type: 'integer' } },
      {
        'x-kubernetes-validations': [
          { rule: '!has(self.z)', message: 'z seen' },
          { rule: 'has(self.a)', message: 'a is needed' },
        ],
      },
    ),
    value: { z: 1 },
    expected: [
      ['z', 'z: unknown field "z"'],
      ['', '<root>: a is needed'],
    ],
  },
  {
    name: 'unsupported CEL rules are not held against the value',
    schema: obj({
      s: { type: 'string', 'x-kubernetes-validations': [{ rule: 'quantity(self) > 1', message: 'x' }] },
    }),
    value: { s: '1Gi' },
    expected: [],
  },
];

describe('compileSchema', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(validate(c.schema, c.value)).toEqual(c.expected);
  });

  it('compiles each schema object once', () => {
    const schema = obj({ a: { type: 'string' } });
    expect(compileSchema(schema)).toBe(compileSchema(schema));
  });

  it('never throws, whatever the input', () => {
    const odd: unknown[] = [
      undefined,
      null,
      0,
      -0,
      NaN,
      Infinity,
      '',
      'x'.repeat(10_000),
      true,
      [],
      [[[]]],
      {},
      { __proto__: { spec: 1 } },
      Object.create(null) as unknown,
      Symbol('s'),
      10n,
      () => 1,
      new Map([['a', 1]]),
      new Date(0),
    ];
    const schemas = [...new Set(Object.values(crdSchemas))];
    for (const schema of schemas) {
      const spec = schema.properties?.spec ?? {};
      const fields = Object.keys(spec.properties ?? {});
      for (const value of odd) {
        expect(() => validate(schema, value)).not.toThrow();
        expect(() => validate(schema, { spec: value })).not.toThrow();
        for (const field of fields)
          expect(() => validate(schema, { spec: { [field]: value } })).not.toThrow();
        for (const field of fields)
          expect(() => validate(schema, { spec: { [field]: [value, { [field]: value }] } })).not.toThrow();
      }
    }
  });

  it('compiles every pattern in the CRDs', () => {
    const patterns = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        const { pattern } = node as CrdSchema;
        if (typeof pattern === 'string') patterns.add(pattern);
        Object.values(node).forEach(collect);
      }
    };
    collect(crdSchemas);
    expect(patterns.size).toBeGreaterThan(0);
    for (const pattern of patterns)
      expect({ pattern, flags: compilePattern(pattern)?.flags }).toEqual({ pattern, flags: 'u' });
  });
});
