import { describe, expect, it } from 'vitest';
import type { VirtualServiceSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

const vs = (spec: VirtualServiceSpec, meta = {}) => istio('VirtualService', spec, meta);
const to = (host: string, weight?: number) => ({
  destination: { host },
  ...(weight === undefined ? {} : { weight }),
});
const http = [{ route: [to('reviews')] }];

describe('VirtualService admission: hosts, gateways, L4 routes', () => {
  const invalid: (Expected & { name: string; spec: VirtualServiceSpec })[] = [
    {
      name: 'a host with an invalid label',
      spec: { hosts: ['bad_host.example.com'], http },
      path: 'spec/hosts[0]',
      mentions: 'bad_host',
    },
    {
      name: 'an all-numeric top-level domain',
      spec: { hosts: ['foo.123'], http },
      path: 'spec/hosts[0]',
      mentions: 'all-numeric',
    },
    {
      name: 'a wildcard inside the name',
      spec: { hosts: ['foo.*.com'], http },
      path: 'spec/hosts[0]',
      mentions: 'invalid',
    },
    {
      name: '"*" bound to the mesh',
      spec: { hosts: ['*'], http },
      path: 'spec/hosts[0]',
      mentions: 'hosts[0]',
    },
    {
      name: '"*" bound to mesh and a gateway',
      spec: { hosts: ['*'], gateways: ['mesh', 'gw'], http },
      path: 'spec/hosts[0]',
      mentions: 'mesh',
    },
    {
      name: 'overlapping hosts',
      spec: { hosts: ['*.foo.com', 'bar.foo.com'], http },
      path: 'spec/hosts[1]',
      mentions: 'duplicates',
    },
    {
      name: 'a gateway with an empty namespace',
      spec: { hosts: ['a.com'], gateways: ['/gw'], http },
      path: 'spec/gateways[0]',
      mentions: 'gateways[0]',
    },
    {
      name: 'a gateway with an invalid name',
      spec: { hosts: ['a.com'], gateways: ['ns/Bad_Name'], http },
      path: 'spec/gateways[0]',
      mentions: 'gateway name',
    },
    { name: 'no routes at all', spec: { hosts: ['a.com'] }, path: 'spec', mentions: 'http, tcp or tls' },
    {
      name: 'a delegate with gateways',
      spec: { gateways: ['gw'], http },
      path: 'spec/gateways',
      mentions: 'delegate',
    },
    {
      name: 'a delegate with tcp routes',
      spec: { tcp: [{ route: [to('db')] }] },
      path: 'spec/tcp',
      mentions: 'delegate',
    },
    {
      name: 'JWT claim routing on the mesh',
      spec: {
        hosts: ['a'],
        http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'x' } } }], route: [to('a')] }],
      },
      path: 'spec/http[0]/match[0]/headers/@request.auth.claims.group',
      mentions: 'JWT claim',
    },
    {
      name: 'a TCP route without destinations',
      spec: { hosts: ['db'], tcp: [{ match: [{ port: 3306 }] }] },
      path: 'spec/tcp[0]/route',
      mentions: 'route',
    },
    {
      name: 'a TCP match port out of range',
      spec: { hosts: ['db'], tcp: [{ match: [{ port: 70000 }], route: [to('db')] }] },
      path: 'spec/tcp[0]/match[0]/port',
      mentions: 'port',
    },
    {
      name: 'a bad destination subnet',
      spec: { hosts: ['db'], tcp: [{ match: [{ destinationSubnets: ['10.0.0.0/33'] }], route: [to('db')] }] },
      path: 'spec/tcp[0]/match[0]/destinationSubnets[0]',
      mentions: 'CIDR',
    },
    {
      name: 'TCP weights that total 0',
      spec: { hosts: ['db'], tcp: [{ route: [to('db', 0), to('db2', 0)] }] },
      path: 'spec/tcp[0]/route',
      mentions: 'total destination weight',
    },
    {
      name: 'a TLS route without SNI hosts',
      spec: { hosts: ['a.com'], tls: [{ match: [{ sniHosts: [] }], route: [to('a.com')] }] },
      path: 'spec/tls[0]/match[0]/sniHosts',
      mentions: 'SNI',
    },
    {
      name: 'a TLS route without matches',
      spec: { hosts: ['a.com'], tls: [{ match: [], route: [to('a.com')] }] },
      path: 'spec/tls[0]/match',
      mentions: 'match',
    },
    {
      name: 'an SNI host outside the hosts',
      spec: { hosts: ['a.com'], tls: [{ match: [{ sniHosts: ['b.com'] }], route: [to('a.com')] }] },
      path: 'spec/tls[0]/match[0]/sniHosts[0]',
      mentions: 'b.com',
    },
    {
      name: 'a TLS route without destinations',
      spec: { hosts: ['a.com'], tls: [{ match: [{ sniHosts: ['a.com'] }] }] },
      path: 'spec/tls[0]/route',
      mentions: 'route',
    },
    {
      name: 'exportTo "~"',
      spec: { hosts: ['a'], http, exportTo: ['~'] },
      path: 'spec/exportTo[0]',
      mentions: 'exportTo[0]',
    },
    {
      name: 'exportTo "." and its own namespace',
      spec: { hosts: ['a'], http, exportTo: ['.', 'default'] },
      path: 'spec/exportTo[1]',
      mentions: 'exportTo[1]',
    },
    {
      name: 'exportTo "*" with others',
      spec: { hosts: ['a'], http, exportTo: ['*', 'ns1'] },
      path: 'spec/exportTo',
      mentions: 'public',
    },
    {
      name: 'a wildcard destination',
      spec: { hosts: ['a'], http: [{ route: [to('*')] }] },
      path: 'spec/http[0]/route[0]/destination/host',
      mentions: 'host',
    },
    {
      name: 'a destination subset that is not a label',
      spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: 'v1.0' } }] }] },
      path: 'spec/http[0]/route[0]/destination/subset',
      mentions: 'subset',
    },
    {
      name: 'a destination port out of range',
      spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', port: { number: 0 } } }] }] },
      path: 'spec/http[0]/route[0]/destination/port/number',
      mentions: 'port',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(vs(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: VirtualServiceSpec })[] = [
    {
      name: 'a legacy gateway name',
      spec: { hosts: ['a.com'], gateways: ['gw.istio-system'], http },
      code: 'ML0006',
      path: 'spec/gateways[0]',
      mentions: 'istio-system/gw',
    },
    {
      name: 'an IP as SNI host',
      spec: {
        hosts: ['*'],
        gateways: ['gw'],
        tls: [{ match: [{ sniHosts: ['10.0.0.1'] }], route: [to('a.com')] }],
      },
      code: 'ML0006',
      path: 'spec/tls[0]/match[0]/sniHosts[0]',
      mentions: 'IP address',
    },
    {
      name: 'a rule after a catch-all',
      spec: {
        hosts: ['a'],
        http: [{ route: [to('a')] }, { match: [{ uri: { prefix: '/x' } }], route: [to('b')] }],
      },
      code: 'ML0006',
      path: 'spec/http[1]/match[0]',
      mentions: 'route without matches defined before',
    },
    {
      name: 'two catch-all rules',
      spec: { hosts: ['a'], http: [{ route: [to('a')] }, { name: 'second', route: [to('b')] }] },
      code: 'ML0006',
      path: 'spec/http[1]',
      mentions: '"second" not used',
    },
    {
      name: 'a duplicate match',
      spec: {
        hosts: ['a'],
        http: [
          { match: [{ uri: { exact: '/a' } }], route: [to('a')] },
          { match: [{ name: 'm', uri: { exact: '/a' } }], route: [to('b')] },
        ],
      },
      code: 'ML0006',
      path: 'spec/http[1]/match[0]',
      mentions: 'duplicate/overlapping match in rule #0',
    },
    {
      name: 'a prefix covered by an earlier prefix',
      spec: {
        hosts: ['a'],
        http: [
          { match: [{ uri: { prefix: '/api' } }], route: [to('a')] },
          { match: [{ uri: { prefix: '/api/v2' } }], route: [to('b')] },
        ],
      },
      code: 'ML0006',
      path: 'spec/http[1]/match[0]',
      mentions: 'of prefix /api/v2',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(vs(spec)), expected);
  });

  const accepted: { name: string; spec: VirtualServiceSpec }[] = [
    {
      name: 'short names and FQDNs',
      spec: { hosts: ['reviews', 'ratings.prod.svc.cluster.local', 'istio.io.'], http },
    },
    { name: 'an IP address host', spec: { hosts: ['10.1.2.3'], http } },
    { name: '"*" on a gateway', spec: { hosts: ['*'], gateways: ['istio-system/ingress'], http } },
    { name: 'a delegate (no hosts) with HTTP routes', spec: { http } },
    {
      name: 'gateway references in every form',
      spec: { hosts: ['a.com'], gateways: ['mesh', 'gw', 'ns/gw'], http },
    },
    {
      name: 'JWT claim routing on a gateway',
      spec: {
        hosts: ['a.com'],
        gateways: ['gw'],
        http: [{ match: [{ headers: { '@request.auth.claims[group]': { exact: 'x' } } }], route: [to('a')] }],
      },
    },
    {
      name: 'a lone destination with weight 0 (it takes all traffic)',
      spec: { hosts: ['a'], http: [{ route: [to('a', 0)] }] },
    },
    {
      name: 'weights that do not total 100',
      spec: { hosts: ['a'], http: [{ route: [to('a', 30), to('b', 30)] }] },
    },
    { name: 'a TCP route without matches', spec: { hosts: ['db'], tcp: [{ route: [to('db')] }] } },
    {
      name: 'a TLS route on a wildcard SNI subset',
      spec: {
        hosts: ['*.a.com'],
        tls: [{ match: [{ sniHosts: ['x.a.com'], port: 443 }], route: [to('x.a.com')] }],
      },
    },
    { name: 'exportTo "." and other namespaces', spec: { hosts: ['a'], http, exportTo: ['.', 'other'] } },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(vs(spec));
  });

  it('reports every bad host, not only the first', () => {
    const paths = check(vs({ hosts: ['a_b', 'c_d'], http })).map((f) => f.path);
    expect(paths).toEqual(['spec/hosts[0]', 'spec/hosts[1]']);
  });
});
