import { describe, it } from 'vitest';
import type { GatewaySpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Server = NonNullable<GatewaySpec['servers']>[number];
const http: Server = {
  hosts: ['bookinfo.example.com'],
  port: { number: 80, name: 'http', protocol: 'HTTP' },
};
const https = (tls: Server['tls']): Server => ({
  hosts: ['*.example.com'],
  port: { number: 443, name: 'https', protocol: 'HTTPS' },
  tls,
});
const gw = (servers: Server[], meta = {}) =>
  istio('Gateway', { selector: { istio: 'ingressgateway' }, servers }, meta);
const s0 = (rest: string) => `spec/servers[0]/${rest}`;

describe('Gateway admission', () => {
  const invalid: (Expected & { name: string; servers: Server[] })[] = [
    { name: 'no servers', servers: [], path: 'spec/servers', mentions: 'servers' },
    {
      name: 'a server without hosts',
      servers: [{ ...http, hosts: [] }],
      path: s0('hosts'),
      mentions: 'host',
    },
    {
      name: 'a short host name',
      servers: [{ ...http, hosts: ['bookinfo'] }],
      path: s0('hosts[0]'),
      mentions: 'short names',
    },
    {
      name: 'an empty host after the namespace',
      servers: [{ ...http, hosts: ['ns/'] }],
      path: s0('hosts[0]'),
      mentions: 'cannot be empty',
    },
    {
      name: 'an invalid namespace',
      servers: [{ ...http, hosts: ['Bad_NS/a.com'] }],
      path: s0('hosts[0]'),
      mentions: 'namespace',
    },
    {
      name: 'a partial wildcard',
      servers: [{ ...http, hosts: ['a*.example.com'] }],
      path: s0('hosts[0]'),
      mentions: 'wildcard',
    },
    {
      name: 'a port out of range',
      servers: [{ ...http, port: { number: 70000, name: 'http', protocol: 'HTTP' } }],
      path: s0('port/number'),
      mentions: 'port.number',
    },
    {
      name: 'an unknown protocol',
      servers: [{ ...http, port: { number: 80, name: 'http', protocol: 'QUIC' } }],
      path: s0('port/protocol'),
      mentions: 'QUIC',
    },
    {
      name: 'an empty port name',
      servers: [{ ...http, port: { number: 80, name: '', protocol: 'HTTP' } }],
      path: s0('port/name'),
      mentions: 'port.name',
    },
    {
      name: 'a target port',
      servers: [{ ...http, port: { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 } }],
      path: s0('port/targetPort'),
      mentions: 'targetPort',
    },
    {
      name: 'duplicate port names',
      servers: [http, { ...http, port: { number: 8080, name: 'http', protocol: 'HTTP' } }],
      path: 'spec/servers[1]/port/name',
      mentions: 'duplicate name "http"',
    },
    { name: 'HTTPS without tls', servers: [https(undefined)], path: s0('tls'), mentions: 'HTTPS' },
    {
      name: 'SIMPLE without certificates',
      servers: [https({ mode: 'SIMPLE' })],
      path: s0('tls/serverCertificate'),
      mentions: 'SIMPLE',
    },
    {
      name: 'MUTUAL without a CA',
      servers: [https({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' })],
      path: s0('tls/caCertificates'),
      mentions: 'MUTUAL',
    },
    {
      name: 'ISTIO_MUTUAL with a credential',
      servers: [https({ mode: 'ISTIO_MUTUAL', credentialName: 'c' })],
      path: s0('tls/credentialName'),
      mentions: 'ISTIO_MUTUAL',
    },
    {
      name: 'two certificate sources',
      servers: [
        https({ mode: 'SIMPLE', credentialName: 'c', serverCertificate: '/c.pem', privateKey: '/k.pem' }),
      ],
      path: s0('tls'),
      mentions: 'only one',
    },
    {
      name: 'a CRL with SIMPLE',
      servers: [
        https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' }),
      ],
      path: s0('tls/caCrl'),
      mentions: 'SIMPLE',
    },
    {
      name: 'certificates on a plain HTTP server',
      servers: [{ ...http, tls: { mode: 'SIMPLE', credentialName: 'c' } }],
      path: s0('tls'),
      mentions: 'plain text HTTP',
    },
    {
      name: 'TLS settings on a TCP server',
      servers: [
        {
          ...http,
          port: { number: 31400, name: 'tcp', protocol: 'TCP' },
          tls: { mode: 'SIMPLE', credentialName: 'c' },
        },
      ],
      path: s0('tls'),
      mentions: 'TCP',
    },
    {
      name: 'a bind that is not an IP',
      servers: [{ ...http, bind: 'localhost' }],
      path: s0('bind'),
      mentions: 'bind',
    },
    {
      name: 'a unix bind with a port',
      servers: [{ ...http, bind: 'unix:///var/run/gw.sock' }],
      path: s0('port/number'),
      mentions: 'unix',
    },
  ];
  it.each(invalid)('refuses $name', ({ servers, ...expected }) => {
    expectReported(check(gw(servers)), expected);
  });

  it('refuses a gateway name with dots', () => {
    expectReported(check(gw([http], { name: 'my.gateway' })), {
      path: 'metadata/name',
      mentions: 'gateway name',
    });
  });

  const warned: (Expected & { name: string; servers: Server[] })[] = [
    {
      name: 'certificates with PASSTHROUGH',
      servers: [https({ mode: 'PASSTHROUGH', credentialName: 'c' })],
      code: 'ML0006',
      path: s0('tls/mode'),
      mentions: 'PASSTHROUGH',
    },
    {
      name: 'an unknown cipher suite',
      servers: [
        https({
          mode: 'SIMPLE',
          credentialName: 'c',
          cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'NOT-A-CIPHER'],
        }),
      ],
      code: 'ML0006',
      path: s0('tls/cipherSuites[1]'),
      mentions: 'NOT-A-CIPHER',
    },
    {
      name: 'TLS 1.0 without ciphers',
      servers: [https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_0' })],
      code: 'ML0006',
      path: s0('tls/minProtocolVersion'),
      mentions: 'cipherSuites',
    },
    {
      name: 'httpsRedirect on HTTPS',
      servers: [https({ mode: 'SIMPLE', credentialName: 'c', httpsRedirect: true })],
      code: 'ML0006',
      path: s0('tls/httpsRedirect'),
      mentions: 'HTTP servers',
    },
  ];
  it.each(warned)('warns about $name', ({ servers, ...expected }) => {
    expectReported(check(gw(servers)), expected);
  });

  const accepted: { name: string; servers: Server[] }[] = [
    { name: 'an HTTP server for any host', servers: [{ ...http, hosts: ['*'] }] },
    {
      name: 'namespaced hosts',
      servers: [{ ...http, hosts: ['bookinfo/reviews.example.com', './a.example.com', '*/b.example.com'] }],
    },
    { name: 'an IP host', servers: [{ ...http, hosts: ['10.0.0.1'] }] },
    {
      name: 'HTTPS with a credential',
      servers: [https({ mode: 'SIMPLE', credentialName: 'bookinfo-cert' })],
    },
    {
      name: 'HTTPS with files',
      servers: [
        https({
          mode: 'MUTUAL',
          serverCertificate: '/c.pem',
          privateKey: '/k.pem',
          caCertificates: '/ca.pem',
        }),
      ],
    },
    {
      name: 'TLS passthrough',
      servers: [
        {
          hosts: ['*.example.com'],
          port: { number: 443, name: 'tls', protocol: 'TLS' },
          tls: { mode: 'PASSTHROUGH' },
        },
      ],
    },
    { name: 'an HTTP server redirecting to HTTPS', servers: [{ ...http, tls: { httpsRedirect: true } }] },
    {
      name: 'a unix socket server',
      servers: [
        { ...http, bind: 'unix:///var/run/gw.sock', port: { number: 0, name: 'uds', protocol: 'HTTP' } },
      ],
    },
  ];
  it.each(accepted)('accepts $name', ({ servers }) => {
    expectNoErrors(gw(servers));
  });
});
