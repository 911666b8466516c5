import { describe, expect, it } from 'vitest';
import { checkRegex, compileRe2, maxRegexLength } from './regex.ts';
import { Report } from './report.ts';

describe('RE2 regexes', () => {
  it('compiles once and reuses the program', () => {
    const first = compileRe2('^/api/v[0-9]+$');
    expect(first.ok).toBe(true);
    expect(compileRe2('^/api/v[0-9]+$')).toBe(first);
  });

  it('keeps the cache bounded', () => {
    const first = compileRe2('first-of-many');
    for (let i = 0; i < 2000; i++) compileRe2(`pattern-${i}`);
    expect(compileRe2('first-of-many')).not.toBe(first);
  });

  const refused: [string, string][] = [
    ['(?=a)b', 'invalid or unsupported Perl syntax'],
    ['(?<=a)b', 'invalid named capture'],
    ['(a)\\1', 'invalid escape sequence'],
    ['a{1001}', 'invalid repeat count'],
    ['[z-a]', 'invalid character class range'],
  ];
  it.each(refused)('refuses %j with the RE2 error', (pattern, error) => {
    const report = new Report();
    expect(checkRegex(report, ['spec', 'uri', 'regex'], pattern)).toBe(false);
    expect(report.findings[0]?.detail).toContain(error);
    expect(report.findings[0]?.detail).toContain('uri.regex');
  });

  const accepted = [
    '.*',
    '^/api/v[0-9]+/(?P<rest>.*)$',
    '(?i)jason',
    '\\d{3}-\\d{4}',
    '[[:alpha:]]+',
    '\\p{Greek}',
  ];
  it.each(accepted)('accepts %j', (pattern) => {
    expect(checkRegex(new Report(), ['regex'], pattern)).toBe(true);
  });

  it('refuses regexes longer than Envoy allows', () => {
    const report = new Report();
    expect(checkRegex(report, ['regex'], 'a'.repeat(maxRegexLength + 1))).toBe(false);
    expect(checkRegex(report, ['regex'], 'a'.repeat(maxRegexLength))).toBe(true);
  });
});
