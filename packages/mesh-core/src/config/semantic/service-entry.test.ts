import { describe, expect, it } from 'vitest';
import type { ServiceEntrySpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, errorsOf, expectNoErrors, expectReported, istio } from './test-support.ts';

const httpPort = { number: 80, name: 'http', protocol: 'HTTP' };
const se = (spec: Partial<ServiceEntrySpec>, meta = {}) =>
  istio('ServiceEntry', { hosts: ['api.example.com'], ports: [httpPort], resolution: 'DNS', ...spec }, meta);

describe('ServiceEntry admission', () => {
  const invalid: (Expected & { name: string; spec: Partial<ServiceEntrySpec> })[] = [
    { name: 'no hosts', spec: { hosts: [] }, path: 'spec/hosts', mentions: 'host' },
    {
      name: 'the "*" host',
      spec: { hosts: ['*'], resolution: 'NONE' },
      path: 'spec/hosts[0]',
      mentions: '"*"',
    },
    {
      name: 'an invalid host',
      spec: { hosts: ['api_example.com'] },
      path: 'spec/hosts[0]',
      mentions: 'api_example',
    },
    {
      name: 'a wildcard with DNS and no endpoints',
      spec: { hosts: ['*.example.com'] },
      path: 'spec/hosts[0]',
      mentions: 'FQDN',
    },
    {
      name: 'an address that is not an IP',
      spec: { addresses: ['10.0.0.300'], resolution: 'STATIC' },
      path: 'spec/addresses[0]',
      mentions: '10.0.0.300',
    },
    {
      name: 'a CIDR with DNS resolution',
      spec: { addresses: ['10.0.0.0/24'] },
      path: 'spec/addresses[0]',
      mentions: 'CIDR',
    },
    {
      name: 'a duplicate port number',
      spec: { ports: [httpPort, { number: 80, name: 'http2', protocol: 'HTTP2' }] },
      path: 'spec/ports[1]/number',
      mentions: '80',
    },
    {
      name: 'a duplicate port name',
      spec: { ports: [httpPort, { number: 81, name: 'http', protocol: 'HTTP' }] },
      path: 'spec/ports[1]/name',
      mentions: '"http"',
    },
    {
      name: 'an invalid port name',
      spec: { ports: [{ number: 80, name: 'HTTP_PORT', protocol: 'HTTP' }] },
      path: 'spec/ports[0]/name',
      mentions: 'port name',
    },
    {
      name: 'an unknown protocol',
      spec: { ports: [{ number: 80, name: 'http', protocol: 'SPDY' }] },
      path: 'spec/ports[0]/protocol',
      mentions: 'SPDY',
    },
    {
      name: 'a target port out of range',
      spec: { ports: [{ ...httpPort, targetPort: 70000 }] },
      path: 'spec/ports[0]/targetPort',
      mentions: 'targetPort',
    },
    {
      name: 'endpoints with NONE',
      spec: { resolution: 'NONE', endpoints: [{ address: '1.2.3.4' }] },
      path: 'spec/endpoints',
      mentions: 'NONE',
    },
    {
      name: 'a STATIC endpoint that is a name',
      spec: { resolution: 'STATIC', addresses: ['240.0.0.1'], endpoints: [{ address: 'a.example.com' }] },
      path: 'spec/endpoints[0]/address',
      mentions: 'IP address',
    },
    {
      name: 'a STATIC endpoint without address',
      spec: { resolution: 'STATIC', endpoints: [{ labels: { a: 'b' } }] },
      path: 'spec/endpoints[0]/address',
      mentions: 'required',
    },
    {
      name: 'an endpoint port the entry does not define',
      spec: { endpoints: [{ address: 'a.example.com', ports: { grpc: 9090 } }] },
      path: 'spec/endpoints[0]/ports/grpc',
      mentions: 'not a port defined',
    },
    {
      name: 'a unix endpoint with ports',
      spec: { resolution: 'STATIC', endpoints: [{ address: 'unix:///var/run/a.sock', ports: { http: 80 } }] },
      path: 'spec/endpoints[0]/ports',
      mentions: 'unix',
    },
    {
      name: 'a relative unix endpoint',
      spec: { resolution: 'STATIC', endpoints: [{ address: 'unix://a.sock' }] },
      path: 'spec/endpoints[0]/address',
      mentions: 'absolute path',
    },
    {
      name: 'DNS_ROUND_ROBIN with two endpoints',
      spec: { resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'a.com' }, { address: 'b.com' }] },
      path: 'spec/endpoints',
      mentions: 'DNS_ROUND_ROBIN',
    },
    {
      name: 'a DNS endpoint that is no name',
      spec: { endpoints: [{ address: 'not a host' }] },
      path: 'spec/endpoints[0]/address',
      mentions: 'FQDN',
    },
    {
      name: 'several hosts on a TCP port',
      spec: { hosts: ['a.com', 'b.com'], ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }] },
      path: 'spec/ports[0]',
      mentions: 'multiple hosts',
    },
    {
      name: 'workloadSelector with endpoints',
      spec: { resolution: 'STATIC', workloadSelector: { labels: { app: 'a' } }, endpoints: [] },
      path: 'spec/workloadSelector',
      mentions: 'endpoints',
    },
    {
      name: 'exportTo nobody and somebody',
      spec: { exportTo: ['~', 'ns1'] },
      path: 'spec/exportTo',
      mentions: '~',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(se(spec)), expected);
  });

  const warned: (Expected & {
    name: string;
    spec: Partial<ServiceEntrySpec>;
    labels?: Record<string, string>;
  })[] = [
    {
      name: 'a partial wildcard',
      spec: { hosts: ['a*.example.com'], resolution: 'NONE' },
      code: 'ML0006',
      path: 'spec/hosts[0]',
      mentions: 'partial wildcard',
    },
    {
      name: 'a TCP port without addresses and no auto-allocation',
      spec: { resolution: 'NONE', ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }] },
      code: 'ML0006',
      path: 'spec/ports[0]',
      mentions: 'addresses',
    },
    {
      name: 'a TCP port when auto-allocation is turned off',
      spec: { ports: [{ number: 5432, name: 'pg' }] },
      labels: { 'networking.istio.io/enable-autoallocate-ip': 'false' },
      code: 'ML0006',
      path: 'spec/ports[0]',
      mentions: 'auto-allocation',
    },
    {
      name: 'workloadSelector with NONE',
      spec: { resolution: 'NONE', workloadSelector: { labels: { app: 'a' } } },
      code: 'ML0006',
      path: 'spec/workloadSelector',
      mentions: 'NONE',
    },
    {
      name: 'a DYNAMIC_DNS host without wildcard',
      spec: { resolution: 'DYNAMIC_DNS' },
      code: 'ML0006',
      path: 'spec/hosts[0]',
      mentions: 'wildcard',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, labels = {}, ...expected }) => {
    expectReported(check(se(spec, { labels })), expected);
  });

  const accepted: { name: string; spec: Partial<ServiceEntrySpec> }[] = [
    {
      name: 'an external API',
      spec: {
        ports: [httpPort, { number: 443, name: 'https', protocol: 'HTTPS' }],
        location: 'MESH_EXTERNAL',
      },
    },
    { name: 'a wildcard with NONE', spec: { hosts: ['*.example.com'], resolution: 'NONE' } },
    {
      name: 'a wildcard with DNS endpoints',
      spec: { hosts: ['*.example.com'], endpoints: [{ address: 'proxy.example.com' }] },
    },
    {
      name: 'STATIC endpoints',
      spec: {
        resolution: 'STATIC',
        addresses: ['240.0.0.1', '10.0.0.0/16'],
        endpoints: [{ address: '10.0.0.5', ports: { http: 8080 } }, { address: '2001:db8::1' }],
      },
    },
    {
      name: 'a STATIC unix endpoint',
      spec: { resolution: 'STATIC', endpoints: [{ address: 'unix:///var/run/a.sock' }] },
    },
    { name: 'several HTTP hosts', spec: { hosts: ['a.com', 'b.com'] } },
    {
      name: 'a DYNAMIC_DNS wildcard',
      spec: { hosts: ['*.example.com'], resolution: 'DYNAMIC_DNS', location: 'MESH_EXTERNAL' },
    },
    { name: 'exportTo nobody', spec: { exportTo: ['~'] } },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(se(spec));
  });

  it('says which host needs to be an FQDN', () => {
    const errors = errorsOf(se({ hosts: ['a.com', '*.b.com'] }));
    expect(errors.map((e) => e.path)).toEqual(['spec/hosts[1]']);
  });
});
