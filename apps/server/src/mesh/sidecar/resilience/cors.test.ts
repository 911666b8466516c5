import type { IncomingHttpHeaders } from 'node:http';
import { corsPolicySchema } from '@meshlens/mesh-core/routing';
import { describe, expect, it } from 'vitest';
import { compileCors, corsRequest } from './cors.ts';

const policy = compileCors(
  corsPolicySchema.parse({
    allowOrigins: [
      { kind: 'exact', value: 'https://example.com' },
      { kind: 'regex', value: 'https://.*\\.shop' },
    ],
    allowMethods: ['POST', 'GET'],
    allowHeaders: ['X-Foo', 'X-Bar'],
    exposeHeaders: ['X-Trace', 'X-Cost'],
    maxAgeSeconds: 86400,
    allowCredentials: true,
  }),
);

function preflight(origin: string, extra: IncomingHttpHeaders = {}): IncomingHttpHeaders {
  return { origin, 'access-control-request-method': 'POST', ...extra };
}

describe('CORS (Envoy cors_filter)', () => {
  it('leaves a request without Origin alone', () => {
    expect(corsRequest(policy, 'GET', {})).toEqual({ kind: 'none' });
    expect(corsRequest(policy, 'OPTIONS', { origin: '', 'access-control-request-method': 'GET' })).toEqual({
      kind: 'none',
    });
  });

  it('answers an allowed preflight itself, with every allow header', () => {
    expect(corsRequest(policy, 'OPTIONS', preflight('https://example.com'))).toEqual({
      kind: 'preflight',
      headers: {
        'access-control-allow-origin': 'https://example.com',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST,GET',
        'access-control-allow-headers': 'X-Foo,X-Bar',
        'access-control-max-age': '86400',
        'access-control-expose-headers': 'X-Trace,X-Cost',
      },
    });
  });

  it('matches regex origins in full', () => {
    expect(corsRequest(policy, 'OPTIONS', preflight('https://toy.shop')).kind).toBe('preflight');
    expect(corsRequest(policy, 'OPTIONS', preflight('https://toy.shop.evil.com')).kind).toBe('none');
  });

  it('forwards a preflight from an origin not allowed (unmatchedPreflights FORWARD)', () => {
    expect(corsRequest(policy, 'OPTIONS', preflight('https://evil.com'))).toEqual({ kind: 'none' });
  });

  it('with unmatchedPreflights IGNORE answers 200 without access-control-allow-origin', () => {
    const ignore = compileCors(
      corsPolicySchema.parse({
        allowOrigins: [{ kind: 'exact', value: 'https://example.com' }],
        allowMethods: ['GET'],
        unmatchedPreflights: 'IGNORE',
      }),
    );
    expect(corsRequest(ignore, 'OPTIONS', preflight('https://evil.com'))).toEqual({
      kind: 'preflight',
      headers: { 'access-control-allow-methods': 'GET' },
    });
  });

  it('treats OPTIONS without Access-Control-Request-Method as an ordinary CORS request', () => {
    expect(corsRequest(policy, 'OPTIONS', { origin: 'https://example.com' }).kind).toBe('cors');
  });

  it('adds allow-origin, allow-credentials and expose-headers to the response of an allowed origin', () => {
    expect(corsRequest(policy, 'GET', { origin: 'https://example.com' })).toEqual({
      kind: 'cors',
      responseHeaders: {
        'access-control-allow-origin': 'https://example.com',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Trace,X-Cost',
      },
    });
    expect(corsRequest(policy, 'GET', { origin: 'https://evil.com' })).toEqual({ kind: 'none' });
  });

  it('allows every origin for an exact "*", echoing the origin', () => {
    const any = compileCors(corsPolicySchema.parse({ allowOrigins: [{ kind: 'exact', value: '*' }] }));
    expect(corsRequest(any, 'GET', { origin: 'https://anyone.org' })).toEqual({
      kind: 'cors',
      responseHeaders: { 'access-control-allow-origin': 'https://anyone.org' },
    });
  });

  it('echoes the requested method and headers for a lone "*"', () => {
    const star = compileCors(
      corsPolicySchema.parse({
        allowOrigins: [{ kind: 'prefix', value: 'https://' }],
        allowMethods: ['*'],
        allowHeaders: ['*'],
      }),
    );
    const outcome = corsRequest(
      star,
      'OPTIONS',
      preflight('https://a.io', {
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-a',
      }),
    );
    expect(outcome).toEqual({
      kind: 'preflight',
      headers: {
        'access-control-allow-origin': 'https://a.io',
        'access-control-allow-methods': 'PUT',
        'access-control-allow-headers': 'x-a',
      },
    });
  });

  it('sends no allow-credentials or max-age unless configured', () => {
    const plain = compileCors(
      corsPolicySchema.parse({ allowOrigins: [{ kind: 'exact', value: 'https://example.com' }] }),
    );
    expect(corsRequest(plain, 'OPTIONS', preflight('https://example.com'))).toEqual({
      kind: 'preflight',
      headers: { 'access-control-allow-origin': 'https://example.com' },
    });
  });
});
