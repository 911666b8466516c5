import { describe, expect, it } from 'vitest';
import { parseRequestUri, urlHostname, urlPort } from './go-url.ts';

describe('parseRequestUri', () => {
  it.each([
    ['https://example.com/jwks', 'https', 'example.com'],
    ['HTTP://Example.com:8080/k?x=1', 'http', 'Example.com:8080'],
    ['http://user:pw@example.com/', 'http', 'example.com'],
    ['http://[::1]:80/k', 'http', '[::1]:80'],
    ['/just/a/path', '', ''],
    ['mailto:someone', 'mailto', ''],
    ['*', '', ''],
  ] as const)('reads %s', (raw, scheme, host) => {
    expect(parseRequestUri(raw)).toEqual({ ok: true, url: { scheme, host } });
  });

  it.each([
    ['', 'empty url'],
    ['relative/path', 'invalid URI for request'],
    [':x', 'missing protocol scheme'],
    ['http://exa mple.com/', 'invalid character " " in host name'],
    ['http://example.com:port/', 'invalid port ":port" after host'],
    ['http://[::1/', "missing ']' in host"],
    ['http://example.com/%zz', 'invalid URL escape "%zz"'],
    ['http://exa%41mple.com/', 'invalid URL escape "%41"'],
    ['http://us er@example.com/', 'net/url: invalid userinfo'],
    ['http://example.com/\n', 'net/url: invalid control character in URL'],
  ] as const)('refuses %j', (raw, error) => {
    const result = parseRequestUri(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(`parse ${JSON.stringify(raw)}: ${error}`);
  });

  it('splits host and port as Go does', () => {
    const url = (raw: string) => {
      const r = parseRequestUri(raw);
      if (!r.ok) throw new Error(r.error);
      return r.url;
    };
    expect([urlHostname(url('http://a.b:8443/')), urlPort(url('http://a.b:8443/'))]).toEqual(['a.b', '8443']);
    expect([urlHostname(url('http://[::1]:9/')), urlPort(url('http://[::1]:9/'))]).toEqual(['::1', '9']);
    expect([urlHostname(url('http://[::1]/')), urlPort(url('http://[::1]/'))]).toEqual(['::1', '']);
    expect([urlHostname(url('http://a.b/')), urlPort(url('http://a.b/'))]).toEqual(['a.b', '']);
  });
});
