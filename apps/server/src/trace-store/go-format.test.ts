import { describe, expect, it } from 'vitest';
import { formatGoDuration, formatGoFloatG10, parseGoDuration, parseGoInt64 } from './go-format.ts';

describe("Go's time.ParseDuration", () => {
  it.each([
    ['0', 0n],
    ['100ms', 100_000_000n],
    ['1.2s', 1_200_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['-1.5us', -1_500n],
    ['2µs', 2_000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['3ns', 3n],
  ])('%s is %s ns', (text, ns) => {
    expect(parseGoDuration(text)).toEqual({ ns });
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['.s', 'time: invalid duration ".s"'],
    ['ms', 'time: invalid duration "ms"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ error });
  });

  it('accepts extra units when asked, as the UI’s lookback values need', () => {
    expect(parseGoDuration('2d', { extra: new Map([['d', 86_400_000_000_000n]]) })).toEqual({
      ns: 172_800_000_000_000n,
    });
  });
});

describe("Go's Duration.String", () => {
  it.each([
    [0n, '0s'],
    [999n, '999ns'],
    [1_500n, '1.5µs'],
    [1_500_000n, '1.5ms'],
    [2_000_000_000n, '2s'],
    [90_500_000_000n, '1m30.5s'],
    [3_723_000_000_000n, '1h2m3s'],
    [-4_000_000n, '-4ms'],
  ])('%s ns prints as %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });
});

describe("Go's strconv", () => {
  it('parses int64 like ParseInt, with its errors', () => {
    expect(parseGoInt64('+42')).toEqual({ value: 42n });
    expect(parseGoInt64('4.2')).toEqual({ error: 'strconv.ParseInt: parsing "4.2": invalid syntax' });
    expect(parseGoInt64('9223372036854775808')).toEqual({
      error: 'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    });
  });

  it.each([
    [72.5, '72.5'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [12345678901, '1.23456789e+10'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [1 / 3, '0.3333333333'],
    [NaN, 'NaN'],
    [-Infinity, '-Inf'],
  ])('formats %s as FormatFloat(g, 10) does: %s', (value, text) => {
    expect(formatGoFloatG10(value)).toBe(text);
  });
});
