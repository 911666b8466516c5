import { describe, expect, it } from 'vitest';
import {
  binary,
  eq,
  num,
  parsePromDuration,
  positive,
  quote,
  rate,
  re,
  renderPromQL,
  selector,
  sumBy,
} from './promql.ts';

describe('renderPromQL', () => {
  it('renders selectors, rates, sums and comparisons', () => {
    const expr = positive(sumBy(['a', 'b'], rate('m_total', [eq('x', 'y'), re('z', 'p|q')], 60)));
    expect(renderPromQL(expr)).toBe('sum(rate(m_total{x="y",z=~"p|q"}[60s])) by (a,b) > 0');
  });

  it('parenthesises nested binary operands', () => {
    const expr = binary('or', positive(selector('a', [])), positive(selector('b', [])));
    expect(renderPromQL(expr)).toBe('(a{} > 0) or (b{} > 0)');
  });

  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak', '"line\\nbreak"'],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quote(value)).toBe(quoted);
  });

  it.each([
    [() => selector('bad-metric', [])],
    [() => selector('m', [eq('bad-label', 'v')])],
    [() => rate('m', [], 0)],
    [() => num(Number.NaN)],
  ])('refuses an invalid expression (%#)', (make) => {
    expect(() => renderPromQL(make())).toThrow();
  });
});

describe('parsePromDuration', () => {
  it.each([
    ['10m', 600],
    ['1h30m', 5400],
    ['90s', 90],
    ['1d', 86400],
    ['0', 0],
    ['10', undefined],
    ['m', undefined],
    ['30m1h', undefined],
    ['', undefined],
  ])('%j is %s seconds', (text, seconds) => {
    expect(parsePromDuration(text)).toBe(seconds);
  });
});
