import { describe, it } from 'vitest';
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
const dest = (host: string, weight?: number) => ({
  destination: { host },
  ...(weight === undefined ? {} : { weight }),
});
const route = [dest('reviews')];
const vs = (r: Partial<HttpRoute>, extra: Partial<VirtualServiceSpec> = {}) =>
  istio('VirtualService', { hosts: ['reviews'], http: [{ route, ...r }], ...extra });
const at = (rest: string) => `spec/http[0]/${rest}`;

describe('VirtualService admission: HTTP routes', () => {
  const invalid: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    {
      name: 'a negative weight',
      route: { route: [dest('a', 50), dest('b', -1)] },
      path: at('route[1]/weight'),
      mentions: 'weight',
    },
    {
      name: 'weights that total 0',
      route: { route: [dest('a', 0), dest('b')] },
      path: at('route'),
      mentions: 'total destination weight',
    },
    {
      name: 'a route with nothing to do',
      route: { route: [] },
      path: 'spec/http[0]',
      mentions: 'route, redirect or directResponse',
    },
    {
      name: 'route and redirect',
      route: { redirect: { uri: '/x' } },
      path: at('route'),
      mentions: 'redirect',
    },
    {
      name: 'redirect and rewrite',
      route: { route: undefined, redirect: { uri: '/x' }, rewrite: { uri: '/y' } },
      path: at('rewrite'),
      mentions: 'rewrite',
    },
    {
      name: 'redirect and fault',
      route: { route: undefined, redirect: { uri: '/x' }, fault: { abort: { httpStatus: 500 } } },
      path: at('fault'),
      mentions: 'fault',
    },
    {
      name: 'route and directResponse',
      route: { directResponse: { status: 503 } },
      path: at('route'),
      mentions: 'directResponse',
    },
    {
      name: 'redirect and directResponse',
      route: { route: undefined, redirect: { uri: '/x' }, directResponse: { status: 503 } },
      path: at('directResponse'),
      mentions: 'directResponse',
    },
    {
      name: 'a root route with a route',
      route: { delegate: { name: 'reviews-delegate' } },
      path: at('route'),
      mentions: 'delegate',
    },
    {
      name: 'mirror and mirrors',
      route: { mirror: { host: 'a' }, mirrors: [{ destination: { host: 'b' } }] },
      path: at('mirrors'),
      mentions: 'mirror',
    },
    { name: 'a timeout under 1ms', route: { timeout: '500us' }, path: at('timeout'), mentions: 'timeout' },
    {
      name: 'a timeout that is not a duration',
      route: { timeout: '10 seconds' },
      path: at('timeout'),
      mentions: 'not a valid duration',
    },
    {
      name: 'a timeout below ms precision',
      route: { timeout: '1.5ms' },
      path: at('timeout'),
      mentions: 'milliseconds',
    },
    {
      name: 'a mirror percentage over 100',
      route: { mirror: { host: 'a' }, mirrorPercentage: { value: 150 } },
      path: at('mirrorPercentage/value'),
      mentions: 'mirrorPercentage',
    },
    {
      name: 'a mirrors percentage below 0',
      route: { mirrors: [{ destination: { host: 'a' }, percentage: { value: -1 } }] },
      path: at('mirrors[0]/percentage/value'),
      mentions: 'percentage',
    },
    {
      name: 'a wildcard mirror host',
      route: { mirror: { host: '*' } },
      path: at('mirror/host'),
      mentions: 'mirror.host',
    },
    {
      name: 'removing a pseudo-header',
      route: { headers: { request: { remove: [':path'] } } },
      path: at('headers/request/remove[0]'),
      mentions: '":path"',
    },
    {
      name: 'setting Host on a response',
      route: { headers: { response: { set: { host: 'a' } } } },
      path: at('headers/response/set/host'),
      mentions: 'Host',
    },
    {
      name: 'setting a pseudo-header',
      route: { headers: { request: { set: { ':method': 'GET' } } } },
      path: at('headers/request/set/:method'),
      mentions: ':method',
    },
    {
      name: 'an unterminated header formatter',
      route: { headers: { request: { add: { 'x-a': '%START_TIME' } } } },
      path: at('headers/request/add/x-a'),
      mentions: 'un-terminated',
    },
    {
      name: 'a trailing % in a header value',
      route: { headers: { response: { add: { 'x-a': '100%' } } } },
      path: at('headers/response/add/x-a'),
      mentions: '%%',
    },
    {
      name: 'a header value with a newline',
      route: { headers: { request: { set: { 'x-a': 'a\nb' } } } },
      path: at('headers/request/set/x-a'),
      mentions: 'control',
    },
    {
      name: 'header edits on a destination',
      route: { route: [{ destination: { host: 'a' }, headers: { request: { remove: ['host'] } } }] },
      path: at('route[0]/headers/request/remove[0]'),
      mentions: 'Host',
    },
    {
      name: 'the authority rewritten twice',
      route: { rewrite: { authority: 'a.com' }, headers: { request: { set: { ':authority': 'b.com' } } } },
      path: at('headers/request/set/:authority'),
      mentions: 'authority',
    },
  ];
  it.each(invalid)('refuses $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const warned: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    {
      name: 'the deprecated mirrorPercent',
      route: { mirror: { host: 'a' }, mirrorPercent: 50 },
      code: 'ML0006',
      path: at('mirrorPercent'),
      mentions: 'deprecated',
    },
  ];
  it.each(warned)('warns about $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const accepted: { name: string; route: Partial<HttpRoute> }[] = [
    { name: 'canary weights', route: { route: [dest('a', 90), dest('b', 10)] } },
    {
      name: 'durations in Go syntax',
      route: { timeout: '1m30s', retries: { attempts: 2, perTryTimeout: '1.5s', backoff: '25ms' } },
    },
    {
      name: 'header edits with formatters',
      route: {
        headers: {
          request: { set: { 'x-host': '%HOSTNAME%', 'x-pct': '100%%', host: 'a.com' } },
          response: { remove: ['x-internal'] },
        },
      },
    },
    { name: 'an authority rewrite', route: { rewrite: { uri: '/', authority: 'a.com' } } },
    {
      name: 'mirrors with percentages',
      route: { mirrors: [{ destination: { host: 'a' }, percentage: { value: 50 } }] },
    },
    {
      name: 'a root route with only a delegate',
      route: { route: undefined, delegate: { name: 'reviews-v2', namespace: 'ns' } },
    },
  ];
  it.each(accepted)('accepts $name', ({ route: r }) => {
    expectNoErrors(vs(r));
  });

  it('refuses delegation inside a delegate', () => {
    const delegate = istio('VirtualService', { http: [{ delegate: { name: 'x' }, route }] });
    expectReported(check(delegate), { path: 'spec/http[0]/delegate', mentions: 'delegate' });
  });
});
