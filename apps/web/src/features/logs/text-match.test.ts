import { describe, expect, it } from 'vitest';
import { compileMatcher } from './text-match.ts';

describe('compileMatcher', () => {
  it.each([
    { pattern: 'error', regex: false, text: 'An ERROR here', test: true, marked: ['ERROR'] },
    { pattern: 'a.c', regex: false, text: 'abc a.c', test: true, marked: ['a.c'] },
    { pattern: '(x', regex: false, text: 'f(x)', test: true, marked: ['(x'] },
    {
      pattern: 'get /reviews/\\d',
      regex: true,
      text: 'GET /reviews/0 200',
      test: true,
      marked: ['GET /reviews/0'],
    },
    { pattern: '5\\d\\d', regex: true, text: '200 then 503 and 504', test: true, marked: ['503', '504'] },
    { pattern: 'nope', regex: false, text: 'GET /', test: false, marked: [] },
    { pattern: 'x*', regex: true, text: 'abc', test: true, marked: [] },
  ])('"$pattern" (regex $regex) in "$text"', ({ pattern, regex, text, test, marked }) => {
    const r = compileMatcher({ field: 'Filter', pattern, regex });
    if (!r.ok || r.matcher === undefined) throw new Error('no matcher');
    expect(r.matcher.test(text)).toBe(test);
    const pieces = r.matcher.split(text);
    expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(marked);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('has no matcher for an empty pattern', () => {
    expect(compileMatcher({ field: 'Filter', pattern: '', regex: true })).toEqual({
      ok: true,
      matcher: undefined,
    });
  });

  it.each([
    {
      field: 'Filter',
      pattern: '(unclosed',
      want: 'Filter: "(unclosed" is not a valid regular expression (Unterminated group)',
    },
    {
      field: 'Highlight',
      pattern: '[a',
      want: 'Highlight: "[a" is not a valid regular expression (Unterminated character class)',
    },
  ])('names the field of a bad regex: $field', ({ field, pattern, want }) => {
    expect(compileMatcher({ field, pattern, regex: true })).toEqual({ ok: false, error: want });
  });
});
