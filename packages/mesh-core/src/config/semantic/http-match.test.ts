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

describe('VirtualService admission: HTTP matches', () => {
  const invalid: (Expected & { name: string; route: Partial<HttpRoute> })[] = [
    {
      name: 'an invalid uri regex',
      route: { match: [{ uri: { regex: '/api/(v1' } }] },
      path: at('match[0]/uri/regex'),
      mentions: 'missing closing )',
    },
    {
      name: 'a backreference',
      route: { match: [{ uri: { regex: '(a)\\1' } }] },
      path: at('match[0]/uri/regex'),
      mentions: 'RE2',
    },
    {
      name: 'an invalid header regex',
      route: { match: [{ headers: { 'x-user': { regex: '(?=a)' } } }] },
      path: at('match[0]/headers/x-user/regex'),
      mentions: 'Perl syntax',
    },
    {
      name: 'an invalid query param regex',
      route: { match: [{ queryParams: { v: { regex: '[' } } }] },
      path: at('match[0]/queryParams/v/regex'),
      mentions: 'regex',
    },
    {
      name: 'an invalid authority regex',
      route: { match: [{ authority: { regex: 'a**' } }] },
      path: at('match[0]/authority/regex'),
      mentions: 'authority',
    },
    {
      name: 'an empty regex',
      route: { match: [{ method: { regex: '' } }] },
      path: at('match[0]/method/regex'),
      mentions: 'empty',
    },
    {
      name: 'a regex over 1024 characters',
      route: { match: [{ uri: { regex: 'a'.repeat(1025) } }] },
      path: at('match[0]/uri/regex'),
      mentions: '1024',
    },
    {
      name: 'an empty header prefix',
      route: { match: [{ headers: { 'x-a': { prefix: '' } } }] },
      path: at('match[0]/headers/x-a/prefix'),
      mentions: 'prefix',
    },
    {
      name: 'an invalid header name in a match',
      route: { match: [{ headers: { 'x a': { exact: '1' } } }] },
      path: at('match[0]/headers/x a'),
      mentions: 'header name',
    },
    {
      name: 'an invalid source namespace',
      route: { match: [{ sourceNamespace: 'Not_A_Namespace' }] },
      path: at('match[0]/sourceNamespace'),
      mentions: 'sourceNamespace',
    },
    {
      name: 'an invalid source label',
      route: { match: [{ sourceLabels: { 'app/x/y': 'a' } }] },
      path: at('match[0]/sourceLabels/app/x/y'),
      mentions: 'label key',
    },
  ];
  it.each(invalid)('refuses $name', ({ route: r, ...expected }) => {
    expectReported(check(vs(r)), expected);
  });

  const accepted: { name: string; route: Partial<HttpRoute> }[] = [
    {
      name: 'RE2 regexes',
      route: {
        match: [
          { uri: { regex: '/api/v[0-9]+/(?P<rest>.*)' }, headers: { 'x-user': { regex: '(?i)jason' } } },
        ],
      },
    },
    { name: 'an empty uri prefix', route: { match: [{ uri: { prefix: '' } }] } },
    {
      name: 'withoutHeaders with "*"',
      route: { match: [{ withoutHeaders: { 'x-debug': { regex: '*' } } }] },
    },
    { name: 'pseudo-header matches', route: { match: [{ headers: { ':authority': { exact: 'a' } } }] } },
  ];
  it.each(accepted)('accepts $name', ({ route: r }) => {
    expectNoErrors(vs(r));
  });
});
