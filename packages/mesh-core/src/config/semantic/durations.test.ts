import { describe, expect, it } from 'vitest';
import { checkDuration, parseDuration } from './durations.ts';
import { Report } from './report.ts';

describe('parseDuration (Go time.ParseDuration)', () => {
  const valid: [string, bigint][] = [
    ['0', 0n],
    ['1s', 1_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['300ms', 300_000_000n],
    ['1m30s', 90_000_000_000n],
    ['2h45m', 9_900_000_000_000n],
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['7ns', 7n],
    ['-1s', -1_000_000_000n],
    ['+1ms', 1_000_000n],
    ['8760h', 31_536_000_000_000_000n],
  ];
  it.each(valid)('reads %s', (text, nanos) => {
    expect(parseDuration(text)).toEqual({ ok: true, nanos });
  });

  const invalid: [string, string][] = [
    ['', 'invalid duration'],
    ['10', 'missing unit'],
    ['1d', 'unknown unit "d"'],
    ['s', 'invalid duration'],
    ['1 s', 'unknown unit " "'],
    ['.s', 'invalid duration'],
    ['3000000h', 'out of range'],
  ];
  it.each(invalid)('refuses %j', (text, reason) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe('checkDuration (Istio ValidateDuration)', () => {
  const cases: [string, { allowZero?: boolean; seconds?: boolean }, string | undefined][] = [
    ['1ms', {}, undefined],
    ['15m', {}, undefined],
    ['999us', {}, 'at least 1ms'],
    ['0s', {}, 'at least 1ms'],
    ['0s', { allowZero: true }, undefined],
    ['-5s', {}, 'at least 1ms'],
    ['1.0005s', {}, 'whole number of milliseconds'],
    ['1500ms', { seconds: true }, 'whole seconds'],
    ['ten seconds', {}, 'not a valid duration'],
  ];
  it.each(cases)('%s %j', (value, rule, problem) => {
    const report = new Report();
    const ok = checkDuration(report, ['spec', 'timeout'], value, rule);
    expect(ok).toBe(problem === undefined);
    if (problem) expect(report.findings[0]?.detail).toMatch(new RegExp(`^Schema validation error: spec\\.timeout: .*${problem}`));
    else expect(report.findings).toEqual([]);
  });
});
