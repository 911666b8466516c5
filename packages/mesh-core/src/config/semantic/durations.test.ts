import { describe, expect, it } from 'vitest';
import { checkDuration } from './durations.ts';
import { Report } from './report.ts';

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
    ['1d', {}, 'unknown unit'],
    ['10', {}, 'missing unit'],
    ['1h30m', {}, undefined],
    ['8760h', {}, undefined],
  ];
  it.each(cases)('%s %j', (value, rule, problem) => {
    const report = new Report();
    const ok = checkDuration(report, ['spec', 'timeout'], value, rule);
    expect(ok).toBe(problem === undefined);
    if (problem)
      expect(report.findings[0]?.detail).toMatch(
        new RegExp(`^Schema validation error: spec\\.timeout: .*${problem}`),
      );
    else expect(report.findings).toEqual([]);
  });
});
