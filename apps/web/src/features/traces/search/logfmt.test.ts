import { describe, expect, it } from 'vitest';
import { formatLogfmt, parseLogfmt } from './logfmt.ts';

describe('parseLogfmt', () => {
  it.each([
    ['', {}],
    ['error=true', { error: 'true' }],
    [
      'http.status_code=500   istio.canonical_service=reviews',
      { 'http.status_code': '500', 'istio.canonical_service': 'reviews' },
    ],
    ['error', { error: 'true' }],
    ['http.url="http://x/a b" k="say \\"hi\\""', { 'http.url': 'http://x/a b', k: 'say "hi"' }],
    ['a=1 a=2', { a: '2' }],
    ['empty=', { empty: '' }],
  ])('reads %j', (text, tags) => {
    expect(parseLogfmt(text)).toEqual({ tags });
  });

  it.each([
    ['=value', 'has no key'],
    ['k="open', 'no closing quote'],
    ['a"b=c', 'must not contain a quote'],
  ])('refuses %j', (text, message) => {
    const result = parseLogfmt(text);
    expect('error' in result ? result.error : '').toContain(message);
  });

  it('round-trips through formatLogfmt', () => {
    const tags = { error: 'true', 'http.url': 'http://x/a b', q: 'a"b', e: '' };
    expect(parseLogfmt(formatLogfmt(tags))).toEqual({ tags });
  });
});
