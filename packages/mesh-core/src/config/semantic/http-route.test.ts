import { describe, expect, it } from 'vitest';
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, errorsOf, expectNoErrors, expectReported, istio } from './test-support.ts';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
const dest = (host: string, weight?: number) => ({ destination: { host }, ...(weight === undefined ? {} : { weight }) });
const route = [dest('reviews')];
const vs = (r: Partial<HttpRoute>, extra: Partial<VirtualServiceSpec> = {}) => istio('VirtualService', { hosts: ['reviews'], http: [{ route, ...r }], ...extra });
const at = (rest: string) => `spec/http[0]/${rest}`;

describe('VirtualService admission: HTTP routes', () => {
  const invalid: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    { name: 'a negative weight', route: { route: [dest('a', 50), dest('b', -1)] }, path: at('route[1]/weight'), mentions: 'weight' },
    { name: 'weights that total 0', route: { route: [dest('a', 0), dest('b')] }, path: at('route'), mentions: 'total destination weight' },
    { name: 'a route with nothing to do', route: { route: [] }, path: 'spec/http[0]', mentions: 'route, redirect or directResponse' },
    { name: 'route and redirect', route: { redirect: { uri: '/x' } }, path: at('route'), mentions: 'redirect' },
    { name: 'redirect and rewrite', route: { route: undefined, redirect: { uri: '/x' }, rewrite: { uri: '/y' } }, path: at('rewrite'), mentions: 'rewrite' },
    { name: 'redirect and fault', route: { route: undefined, redirect: { uri: '/x' }, fault: { abort: { httpStatus: 500 } } }, path: at('fault'), mentions: 'fault' },
    { name: 'route and directResponse', route: { directResponse: { status: 503 } }, path: at('route'), mentions: 'directResponse' },
    { name: 'redirect and directResponse', route: { route: undefined, redirect: { uri: '/x' }, directResponse: { status: 503 } }, path: at('directResponse'), mentions: 'directResponse' },
    { name: 'a root route with a route', route: { delegate: { name: 'reviews-delegate' } }, path: at('route'), mentions: 'delegate' },
    { name: 'mirror and mirrors', route: { mirror: { host: 'a' }, mirrors: [{ destination: { host: 'b' } }] }, path: at('mirrors'), mentions: 'mirror' },
    { name: 'a timeout under 1ms', route: { timeout: '500us' }, path: at('timeout'), mentions: 'timeout' },
    { name: 'a timeout that is not a duration', route: { timeout: '10 seconds' }, path: at('timeout'), mentions: 'not a valid duration' },
    { name: 'a timeout below ms precision', route: { timeout: '1.5ms' }, path: at('timeout'), mentions: 'milliseconds' },
    { name: 'a per-try timeout of 0', route: { retries: { attempts: 3, perTryTimeout: '0s' } }, path: at('retries/perTryTimeout'), mentions: 'perTryTimeout' },
    { name: 'an unknown retryOn policy', route: { retries: { attempts: 3, retryOn: '5xx,server-error' } }, path: at('retries/retryOn'), mentions: 'server-error' },
    { name: 'a retryOn with spaces', route: { retries: { attempts: 3, retryOn: '5xx, reset' } }, path: at('retries/retryOn'), mentions: '" reset"' },
    { name: 'an unknown status in retryOn', route: { retries: { attempts: 3, retryOn: '599' } }, path: at('retries/retryOn'), mentions: '599' },
    { name: 'negative attempts', route: { retries: { attempts: -1 } }, path: at('retries/attempts'), mentions: 'attempts' },
    { name: 'a policy with attempts 0', route: { retries: { retryOn: '5xx' } }, path: at('retries/attempts'), mentions: 'attempts' },
    { name: 'an abort status out of range', route: { fault: { abort: { httpStatus: 99 } } }, path: at('fault/abort/httpStatus'), mentions: 'HTTP status 99' },
    { name: 'an abort percentage over 100', route: { fault: { abort: { httpStatus: 500, percentage: { value: 101 } } } }, path: at('fault/abort/percentage/value'), mentions: '101' },
    { name: 'an unknown gRPC status', route: { fault: { abort: { grpcStatus: 'NOPE' } } }, path: at('fault/abort/grpcStatus'), mentions: 'gRPC status' },
    { name: 'an HTTP/2 abort', route: { fault: { abort: { http2Error: 'CANCEL' } } }, path: at('fault/abort/http2Error'), mentions: 'http2Error' },
    { name: 'an empty fault', route: { fault: {} }, path: at('fault'), mentions: 'abort and/or a delay' },
    { name: 'a fixed delay under 1ms', route: { fault: { delay: { fixedDelay: '100us' } } }, path: at('fault/delay/fixedDelay'), mentions: 'fixedDelay' },
    { name: 'an exponential delay', route: { fault: { delay: { exponentialDelay: '1s' } } }, path: at('fault/delay/exponentialDelay'), mentions: 'not supported' },
    { name: 'a tiny delay percentage', route: { fault: { delay: { fixedDelay: '1s', percentage: { value: 0.00001 } } } }, path: at('fault/delay/percentage/value'), mentions: '0.0001' },
    { name: 'a mirror percentage over 100', route: { mirror: { host: 'a' }, mirrorPercentage: { value: 150 } }, path: at('mirrorPercentage/value'), mentions: 'mirrorPercentage' },
    { name: 'a mirrors percentage below 0', route: { mirrors: [{ destination: { host: 'a' }, percentage: { value: -1 } }] }, path: at('mirrors[0]/percentage/value'), mentions: 'percentage' },
    { name: 'a wildcard mirror host', route: { mirror: { host: '*' } }, path: at('mirror/host'), mentions: 'mirror.host' },
    { name: 'an invalid uri regex', route: { match: [{ uri: { regex: '/api/(v1' } }] }, path: at('match[0]/uri/regex'), mentions: 'missing closing )' },
    { name: 'a backreference', route: { match: [{ uri: { regex: '(a)\\1' } }] }, path: at('match[0]/uri/regex'), mentions: 'RE2' },
    { name: 'an invalid header regex', route: { match: [{ headers: { 'x-user': { regex: '(?=a)' } } }] }, path: at('match[0]/headers/x-user/regex'), mentions: 'Perl syntax' },
    { name: 'an invalid query param regex', route: { match: [{ queryParams: { v: { regex: '[' } } }] }, path: at('match[0]/queryParams/v/regex'), mentions: 'regex' },
    { name: 'an invalid authority regex', route: { match: [{ authority: { regex: 'a**' } }] }, path: at('match[0]/authority/regex'), mentions: 'authority' },
    { name: 'an empty regex', route: { match: [{ method: { regex: '' } }] }, path: at('match[0]/method/regex'), mentions: 'empty' },
    { name: 'a regex over 1024 characters', route: { match: [{ uri: { regex: 'a'.repeat(1025) } }] }, path: at('match[0]/uri/regex'), mentions: '1024' },
    { name: 'an empty header prefix', route: { match: [{ headers: { 'x-a': { prefix: '' } } }] }, path: at('match[0]/headers/x-a/prefix'), mentions: 'prefix' },
    { name: 'an invalid header name in a match', route: { match: [{ headers: { 'x a': { exact: '1' } } }] }, path: at('match[0]/headers/x a'), mentions: 'header name' },
    { name: 'an invalid source namespace', route: { match: [{ sourceNamespace: 'Not_A_Namespace' }] }, path: at('match[0]/sourceNamespace'), mentions: 'sourceNamespace' },
    { name: 'an invalid source label', route: { match: [{ sourceLabels: { 'app/x/y': 'a' } }] }, path: at('match[0]/sourceLabels/app/x/y'), mentions: 'label key' },
    { name: 'a rewrite with uri and regex', route: { rewrite: { uri: '/a', uriRegexRewrite: { match: 'a', rewrite: 'b' } } }, path: at('rewrite'), mentions: 'uriRegexRewrite' },
    { name: 'an empty rewrite', route: { rewrite: {} }, path: at('rewrite'), mentions: 'rewrite' },
    { name: 'a regex rewrite without match', route: { rewrite: { uriRegexRewrite: { rewrite: '/b' } } }, path: at('rewrite/uriRegexRewrite'), mentions: 'match and rewrite' },
    { name: 'an invalid rewrite regex', route: { rewrite: { uriRegexRewrite: { match: '(', rewrite: '/b' } } }, path: at('rewrite/uriRegexRewrite/match'), mentions: 'uriRegexRewrite.match' },
    { name: 'an empty redirect', route: { route: undefined, redirect: {} }, path: at('redirect'), mentions: 'redirect' },
    { name: 'a redirect code that is not 3xx', route: { route: undefined, redirect: { uri: '/a', redirectCode: 200 } }, path: at('redirect/redirectCode'), mentions: '3xx' },
    { name: 'a redirect scheme', route: { route: undefined, redirect: { scheme: 'ftp' } }, path: at('redirect/scheme'), mentions: 'scheme' },
    { name: 'a direct response status', route: { route: undefined, directResponse: { status: 700 } }, path: at('directResponse/status'), mentions: '700' },
    { name: 'a huge direct response', route: { route: undefined, directResponse: { status: 200, body: { string: 'x'.repeat(1024 * 1024 + 1) } } }, path: at('directResponse/body'), mentions: '1MB' },
    { name: 'removing a pseudo-header', route: { headers: { request: { remove: [':path'] } } }, path: at('headers/request/remove[0]'), mentions: '":path"' },
    { name: 'setting Host on a response', route: { headers: { response: { set: { host: 'a' } } } }, path: at('headers/response/set/host'), mentions: 'Host' },
    { name: 'setting a pseudo-header', route: { headers: { request: { set: { ':method': 'GET' } } } }, path: at('headers/request/set/:method'), mentions: ':method' },
    { name: 'an unterminated header formatter', route: { headers: { request: { add: { 'x-a': '%START_TIME' } } } }, path: at('headers/request/add/x-a'), mentions: 'un-terminated' },
    { name: 'a trailing % in a header value', route: { headers: { response: { add: { 'x-a': '100%' } } } }, path: at('headers/response/add/x-a'), mentions: '%%' },
    { name: 'a header value with a newline', route: { headers: { request: { set: { 'x-a': 'a\nb' } } } }, path: at('headers/request/set/x-a'), mentions: 'control' },
    {
      name: 'header edits on a destination',
      route: { route: [{ destination: { host: 'a' }, headers: { request: { remove: ['host'] } } }] },
      path: at('route[0]/headers/request/remove[0]'),
      mentions: 'Host',
    },
    { name: 'the authority rewritten twice', route: { rewrite: { authority: 'a.com' }, headers: { request: { set: { ':authority': 'b.com' } } } }, path: at('headers/request/set/:authority'), mentions: 'authority' },
    { name: 'an unsupported CORS method', route: { corsPolicy: { allowMethods: ['GET', 'FETCH'] } }, path: at('corsPolicy/allowMethods[1]'), mentions: 'FETCH' },
    { name: 'an invalid CORS header', route: { corsPolicy: { allowHeaders: ['x y'] } }, path: at('corsPolicy/allowHeaders[0]'), mentions: 'header name' },
    { name: 'a CORS origin regex', route: { corsPolicy: { allowOrigins: [{ regex: '*.example.com' }] } }, path: at('corsPolicy/allowOrigins[0]/regex'), mentions: 'RE2' },
    { name: 'an empty CORS origin', route: { corsPolicy: { allowOrigins: [{ exact: '' }] } }, path: at('corsPolicy/allowOrigins[0]'), mentions: 'allowOrigins[0]' },
    { name: 'a CORS max age in ms', route: { corsPolicy: { maxAge: '1500ms' } }, path: at('corsPolicy/maxAge'), mentions: 'seconds' },
  ];
  it.each(invalid)('refuses $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  it('refuses delegation inside a delegate', () => {
    const delegate = istio('VirtualService', { http: [{ delegate: { name: 'x' }, route }] });
    expectReported(check(delegate), { path: 'spec/http[0]/delegate', mentions: 'delegate' });
  });

  const warned: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    { name: 'the deprecated mirrorPercent', route: { mirror: { host: 'a' }, mirrorPercent: 50 }, code: 'ML0006', path: at('mirrorPercent'), mentions: 'deprecated' },
    { name: 'an abort without error type', route: { fault: { abort: { percentage: { value: 10 } } } }, code: 'ML0006', path: at('fault/abort'), mentions: 'error type' },
    { name: 'a large direct response', route: { route: undefined, directResponse: { status: 200, body: { string: 'x'.repeat(200 * 1024) } } }, code: 'ML0006', path: at('directResponse/body'), mentions: '100KB' },
  ];
  it.each(warned)('warns about $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const accepted: { name: string; route: Partial<HttpRoute> }[] = [
    { name: 'canary weights', route: { route: [dest('a', 90), dest('b', 10)] } },
    { name: 'Envoy retry policies and status codes', route: { retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream,503,retriable-status-codes,envoy-ratelimited,cancelled,unavailable' } } },
    { name: 'durations in Go syntax', route: { timeout: '1m30s', retries: { attempts: 2, perTryTimeout: '1.5s', backoff: '25ms' } } },
    { name: 'fault injection', route: { fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } }, abort: { httpStatus: 555, percentage: { value: 0.1 } } } } },
    { name: 'a gRPC abort', route: { fault: { abort: { grpcStatus: 'UNAVAILABLE' } } } },
    { name: 'RE2 regexes', route: { match: [{ uri: { regex: '/api/v[0-9]+/(?P<rest>.*)' }, headers: { 'x-user': { regex: '(?i)jason' } } }] } },
    { name: 'an empty uri prefix', route: { match: [{ uri: { prefix: '' } }] } },
    { name: 'withoutHeaders with "*"', route: { match: [{ withoutHeaders: { 'x-debug': { regex: '*' } } }] } },
    { name: 'pseudo-header matches', route: { match: [{ headers: { ':authority': { exact: 'a' } } }] } },
    { name: 'a redirect', route: { route: undefined, redirect: { uri: '/v2', authority: 'b.com', redirectCode: 308 } } },
    { name: 'a redirect by port', route: { route: undefined, redirect: { port: 8443, scheme: 'https' } } },
    { name: 'a direct response', route: { route: undefined, directResponse: { status: 503, body: { string: 'unavailable' } } } },
    { name: 'header edits with formatters', route: { headers: { request: { set: { 'x-host': '%HOSTNAME%', 'x-pct': '100%%', host: 'a.com' } }, response: { remove: ['x-internal'] } } } },
    { name: 'an authority rewrite', route: { rewrite: { uri: '/', authority: 'a.com' } } },
    { name: 'a regex rewrite', route: { rewrite: { uriRegexRewrite: { match: '^/old/(.*)$', rewrite: '/new/\\1' } } } },
    { name: 'a CORS policy', route: { corsPolicy: { allowOrigins: [{ exact: 'https://a.com' }, { regex: '.*\\.a\\.com' }], allowMethods: ['GET', 'POST'], allowHeaders: ['*', 'x-a'], maxAge: '24h' } } },
    { name: 'mirrors with percentages', route: { mirrors: [{ destination: { host: 'a' }, percentage: { value: 50 } }] } },
    { name: 'a root route with only a delegate', route: { route: undefined, delegate: { name: 'reviews-v2', namespace: 'ns' } } },
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
