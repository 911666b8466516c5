import { describe, expect, it } from 'vitest';
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, errorsOf, expectNoErrors, expectReported, istio } from './test-support.ts';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
const dest = (host: string, weight?: number) => ({
  destination: { host },
  ...(weight === undefined ? {} : { weight }),
});
const route = [dest('reviews')];
const vs = (r: Partial<HttpRoute>, extra: Partial<VirtualServiceSpec> = {}) =>
  istio('VirtualService', { hosts: ['reviews'], http: [{ route, ...r }], ...extra });
const at = (rest: string) => `spec/http[0]/${rest}`;

describe('VirtualService admission: HTTP retries, faults, CORS, redirects, rewrites', () => {
  const invalid: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    {
      name: 'a per-try timeout of 0',
      route: { retries: { attempts: 3, perTryTimeout: '0s' } },
      path: at('retries/perTryTimeout'),
      mentions: 'perTryTimeout',
    },
    {
      name: 'an unknown retryOn policy',
      route: { retries: { attempts: 3, retryOn: '5xx,server-error' } },
      path: at('retries/retryOn'),
      mentions: 'server-error',
    },
    {
      name: 'a retryOn with spaces',
      route: { retries: { attempts: 3, retryOn: '5xx, reset' } },
      path: at('retries/retryOn'),
      mentions: '" reset"',
    },
    {
      name: 'an unknown status in retryOn',
      route: { retries: { attempts: 3, retryOn: '599' } },
      path: at('retries/retryOn'),
      mentions: '599',
    },
    {
      name: 'negative attempts',
      route: { retries: { attempts: -1 } },
      path: at('retries/attempts'),
      mentions: 'attempts',
    },
    {
      name: 'a policy with attempts 0',
      route: { retries: { retryOn: '5xx' } },
      path: at('retries/attempts'),
      mentions: 'attempts',
    },
    {
      name: 'an abort status out of range',
      route: { fault: { abort: { httpStatus: 99 } } },
      path: at('fault/abort/httpStatus'),
      mentions: 'HTTP status 99',
    },
    {
      name: 'an abort percentage over 100',
      route: { fault: { abort: { httpStatus: 500, percentage: { value: 101 } } } },
      path: at('fault/abort/percentage/value'),
      mentions: '101',
    },
    {
      name: 'an unknown gRPC status',
      route: { fault: { abort: { grpcStatus: 'NOPE' } } },
      path: at('fault/abort/grpcStatus'),
      mentions: 'gRPC status',
    },
    {
      name: 'an HTTP/2 abort',
      route: { fault: { abort: { http2Error: 'CANCEL' } } },
      path: at('fault/abort/http2Error'),
      mentions: 'http2Error',
    },
    { name: 'an empty fault', route: { fault: {} }, path: at('fault'), mentions: 'abort and/or a delay' },
    {
      name: 'a fixed delay under 1ms',
      route: { fault: { delay: { fixedDelay: '100us' } } },
      path: at('fault/delay/fixedDelay'),
      mentions: 'fixedDelay',
    },
    {
      name: 'an exponential delay',
      route: { fault: { delay: { exponentialDelay: '1s' } } },
      path: at('fault/delay/exponentialDelay'),
      mentions: 'not supported',
    },
    {
      name: 'a tiny delay percentage',
      route: { fault: { delay: { fixedDelay: '1s', percentage: { value: 0.00001 } } } },
      path: at('fault/delay/percentage/value'),
      mentions: '0.0001',
    },
    {
      name: 'a rewrite with uri and regex',
      route: { rewrite: { uri: '/a', uriRegexRewrite: { match: 'a', rewrite: 'b' } } },
      path: at('rewrite'),
      mentions: 'uriRegexRewrite',
    },
    { name: 'an empty rewrite', route: { rewrite: {} }, path: at('rewrite'), mentions: 'rewrite' },
    {
      name: 'a regex rewrite without match',
      route: { rewrite: { uriRegexRewrite: { rewrite: '/b' } } },
      path: at('rewrite/uriRegexRewrite'),
      mentions: 'match and rewrite',
    },
    {
      name: 'an invalid rewrite regex',
      route: { rewrite: { uriRegexRewrite: { match: '(', rewrite: '/b' } } },
      path: at('rewrite/uriRegexRewrite/match'),
      mentions: 'uriRegexRewrite.match',
    },
    {
      name: 'an empty redirect',
      route: { route: undefined, redirect: {} },
      path: at('redirect'),
      mentions: 'redirect',
    },
    {
      name: 'a redirect code that is not 3xx',
      route: { route: undefined, redirect: { uri: '/a', redirectCode: 200 } },
      path: at('redirect/redirectCode'),
      mentions: '3xx',
    },
    {
      name: 'a redirect scheme',
      route: { route: undefined, redirect: { scheme: 'ftp' } },
      path: at('redirect/scheme'),
      mentions: 'scheme',
    },
    {
      name: 'a direct response status',
      route: { route: undefined, directResponse: { status: 700 } },
      path: at('directResponse/status'),
      mentions: '700',
    },
    {
      name: 'a huge direct response',
      route: {
        route: undefined,
        directResponse: { status: 200, body: { string: 'x'.repeat(1024 * 1024 + 1) } },
      },
      path: at('directResponse/body'),
      mentions: '1MB',
    },
    {
      name: 'an unsupported CORS method',
      route: { corsPolicy: { allowMethods: ['GET', 'FETCH'] } },
      path: at('corsPolicy/allowMethods[1]'),
      mentions: 'FETCH',
    },
    {
      name: 'an invalid CORS header',
      route: { corsPolicy: { allowHeaders: ['x y'] } },
      path: at('corsPolicy/allowHeaders[0]'),
      mentions: 'header name',
    },
    {
      name: 'a CORS origin regex',
      route: { corsPolicy: { allowOrigins: [{ regex: '*.example.com' }] } },
      path: at('corsPolicy/allowOrigins[0]/regex'),
      mentions: 'RE2',
    },
    {
      name: 'an empty CORS origin',
      route: { corsPolicy: { allowOrigins: [{ exact: '' }] } },
      path: at('corsPolicy/allowOrigins[0]'),
      mentions: 'allowOrigins[0]',
    },
    {
      name: 'a CORS max age in ms',
      route: { corsPolicy: { maxAge: '1500ms' } },
      path: at('corsPolicy/maxAge'),
      mentions: 'seconds',
    },
  ];
  it.each(invalid)('refuses $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const warned: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    {
      name: 'an abort without error type',
      route: { fault: { abort: { percentage: { value: 10 } } } },
      code: 'ML0006',
      path: at('fault/abort'),
      mentions: 'error type',
    },
    {
      name: 'a large direct response',
      route: { route: undefined, directResponse: { status: 200, body: { string: 'x'.repeat(200 * 1024) } } },
      code: 'ML0006',
      path: at('directResponse/body'),
      mentions: '100KB',
    },
  ];
  it.each(warned)('warns about $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const accepted: { name: string; route: Partial<HttpRoute> }[] = [
    {
      name: 'Envoy retry policies and status codes',
      route: {
        retries: {
          attempts: 3,
          perTryTimeout: '2s',
          retryOn:
            'gateway-error,connect-failure,refused-stream,503,retriable-status-codes,envoy-ratelimited,cancelled,unavailable',
        },
      },
    },
    {
      name: 'fault injection',
      route: {
        fault: {
          delay: { fixedDelay: '7s', percentage: { value: 100 } },
          abort: { httpStatus: 555, percentage: { value: 0.1 } },
        },
      },
    },
    { name: 'a gRPC abort', route: { fault: { abort: { grpcStatus: 'UNAVAILABLE' } } } },
    {
      name: 'a redirect',
      route: { route: undefined, redirect: { uri: '/v2', authority: 'b.com', redirectCode: 308 } },
    },
    { name: 'a redirect by port', route: { route: undefined, redirect: { port: 8443, scheme: 'https' } } },
    {
      name: 'a direct response',
      route: { route: undefined, directResponse: { status: 503, body: { string: 'unavailable' } } },
    },
    {
      name: 'a regex rewrite',
      route: { rewrite: { uriRegexRewrite: { match: '^/old/(.*)$', rewrite: '/new/\\1' } } },
    },
    {
      name: 'a CORS policy',
      route: {
        corsPolicy: {
          allowOrigins: [{ exact: 'https://a.com' }, { regex: '.*\\.a\\.com' }],
          allowMethods: ['GET', 'POST'],
          allowHeaders: ['*', 'x-a'],
          maxAge: '24h',
        },
      },
    },
  ];
  it.each(accepted)('accepts $name', ({ route: r }) => {
    expectNoErrors(vs(r));
  });

  it('reports each bad policy in a retryOn list', () => {
    const details = errorsOf(vs({ retries: { attempts: 1, retryOn: 'foo,5xx,bar' } })).map((f) => f.detail);
    expect(details).toHaveLength(2);
    expect(details[0]).toContain('"foo"');
    expect(details[1]).toContain('"bar"');
  });
});
