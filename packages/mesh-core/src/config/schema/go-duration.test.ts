import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration.ts';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['-0', 0n],
    ['1ns', 1n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['+2ms', 2_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['3us', 3_000n],
    ['3µs', 3_000n],
    ['3μs', 3_000n],
    ['2562047h', 2562047n * 3_600_000_000_000n],
  ] as const)('reads %s', (text, nanos) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanos });
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1h.s', 'time: invalid duration "1h.s"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['10ss', 'time: unknown unit "ss" in duration "10ss"'],
    ['1hs', 'time: unknown unit "hs" in duration "1hs"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ] as const)('refuses %j', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });
});
