import { describe, it } from 'vitest';
import type { SidecarSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Ingress = NonNullable<SidecarSpec['ingress']>[number];
const sidecar = (spec: SidecarSpec) => istio('Sidecar', spec);
const ingress = (rest: Partial<Ingress> = {}): Ingress => ({
  port: { number: 9080, protocol: 'HTTP', name: 'http' },
  defaultEndpoint: '127.0.0.1:8080',
  ...rest,
});

describe('Sidecar admission', () => {
  const invalid: (Expected & { name: string; spec: SidecarSpec })[] = [
    { name: 'an empty configuration', spec: {}, path: 'spec', mentions: 'empty sidecar configuration' },
    {
      name: 'an egress listener without hosts',
      spec: { egress: [{ hosts: [] }] },
      path: 'spec/egress[0]/hosts',
      mentions: 'host',
    },
    {
      name: 'an egress host without namespace',
      spec: { egress: [{ hosts: ['reviews.default.svc.cluster.local'] }] },
      path: 'spec/egress[0]/hosts[0]',
      mentions: 'namespace/dnsName',
    },
    {
      name: 'an egress short name',
      spec: { egress: [{ hosts: ['default/reviews'] }] },
      path: 'spec/egress[0]/hosts[0]',
      mentions: 'short names',
    },
    {
      name: 'an egress namespace that is not a label',
      spec: { egress: [{ hosts: ['Bad_NS/*'] }] },
      path: 'spec/egress[0]/hosts[0]',
      mentions: 'namespace',
    },
    {
      name: 'a catch-all listener that is not last',
      spec: { egress: [{ hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] }] },
      path: 'spec/egress[0]',
      mentions: 'last',
    },
    {
      name: 'repeated egress ports',
      spec: {
        egress: [
          { port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] },
          { port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] },
        ],
      },
      path: 'spec/egress[1]/port/number',
      mentions: 'port 80',
    },
    {
      name: 'a port 0 listener without a socket',
      spec: { egress: [{ port: { number: 0, protocol: 'HTTP' }, hosts: ['./*'] }] },
      path: 'spec/egress[0]/bind',
      mentions: 'unix',
    },
    {
      name: 'an unknown egress protocol',
      spec: { egress: [{ port: { number: 80, protocol: 'SOAP' }, hosts: ['./*'] }] },
      path: 'spec/egress[0]/port/protocol',
      mentions: 'SOAP',
    },
    {
      name: 'an ingress port out of range',
      spec: { ingress: [ingress({ port: { number: 0, protocol: 'HTTP' } })] },
      path: 'spec/ingress[0]/port/number',
      mentions: 'port.number',
    },
    {
      name: 'repeated ingress ports',
      spec: { ingress: [ingress(), ingress()] },
      path: 'spec/ingress[1]/port/number',
      mentions: 'unique',
    },
    {
      name: 'an ingress endpoint off the loopback',
      spec: { ingress: [ingress({ defaultEndpoint: '10.0.0.1:8080' })] },
      path: 'spec/ingress[0]/defaultEndpoint',
      mentions: '127.0.0.1',
    },
    {
      name: 'an ingress endpoint without port',
      spec: { ingress: [ingress({ defaultEndpoint: '127.0.0.1' })] },
      path: 'spec/ingress[0]/defaultEndpoint',
      mentions: 'missing port',
    },
    {
      name: 'an ingress endpoint port out of range',
      spec: { ingress: [ingress({ defaultEndpoint: ':99999' })] },
      path: 'spec/ingress[0]/defaultEndpoint',
      mentions: '99999',
    },
    {
      name: 'an ingress target port',
      spec: { ingress: [ingress({ port: { number: 9080, protocol: 'HTTP', targetPort: 8080 } })] },
      path: 'spec/ingress[0]/port/targetPort',
      mentions: 'targetPort',
    },
    {
      name: 'ingress TLS on an HTTP port',
      spec: { ingress: [ingress({ tls: { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' } })] },
      path: 'spec/ingress[0]/tls',
      mentions: 'HTTPS or TLS',
    },
    {
      name: 'ingress TLS with ISTIO_MUTUAL',
      spec: {
        ingress: [ingress({ port: { number: 443, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } })],
      },
      path: 'spec/ingress[0]/tls/mode',
      mentions: 'ISTIO_MUTUAL',
    },
    {
      name: 'ingress TLS with a credential',
      spec: {
        ingress: [
          ingress({ port: { number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'c' } }),
        ],
      },
      path: 'spec/ingress[0]/tls/credentialName',
      mentions: 'credentialName',
    },
    {
      name: 'a bad ingress connection pool',
      spec: { ingress: [ingress({ connectionPool: { tcp: { maxConnections: -1 } } })] },
      path: 'spec/ingress[0]/connectionPool/tcp/maxConnections',
      mentions: 'maxConnections',
    },
    {
      name: 'a bad inbound connection pool',
      spec: { inboundConnectionPool: { http: { idleTimeout: '0s' } } },
      path: 'spec/inboundConnectionPool/http/idleTimeout',
      mentions: 'idleTimeout',
    },
    {
      name: 'an egress proxy with REGISTRY_ONLY',
      spec: {
        outboundTrafficPolicy: {
          mode: 'REGISTRY_ONLY',
          egressProxy: { host: 'proxy.example.com', port: { number: 3128 } },
        },
      },
      path: 'spec/outboundTrafficPolicy/egressProxy',
      mentions: 'ALLOW_ANY',
    },
    {
      name: 'an egress proxy without port',
      spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy.example.com' } } },
      path: 'spec/outboundTrafficPolicy/egressProxy/port',
      mentions: 'port',
    },
    {
      name: 'an egress proxy host that is no FQDN',
      spec: {
        outboundTrafficPolicy: {
          mode: 'ALLOW_ANY',
          egressProxy: { host: '*.example.com', port: { number: 3128 } },
        },
      },
      path: 'spec/outboundTrafficPolicy/egressProxy/host',
      mentions: 'host',
    },
    {
      name: 'a wildcard in the selector',
      spec: { workloadSelector: { labels: { app: '*' } }, egress: [{ hosts: ['./*'] }] },
      path: 'spec/workloadSelector/labels/app',
      mentions: 'wildcard',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(sidecar(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: SidecarSpec })[] = [
    {
      name: 'a duplicated egress host',
      spec: { egress: [{ hosts: ['ns1/*', 'ns1/a.example.com'] }] },
      code: 'ML0006',
      path: 'spec/egress[0]/hosts[1]',
      mentions: 'duplicates',
    },
    {
      name: '*/* with other hosts',
      spec: { egress: [{ hosts: ['*/*', 'istio-system/*'] }] },
      code: 'ML0006',
      path: 'spec/egress[0]/hosts',
      mentions: '*/*',
    },
    {
      name: 'an HTTP pool on a TCP port',
      spec: {
        ingress: [
          ingress({ port: { number: 3306, protocol: 'TCP' }, connectionPool: { http: { maxRetries: 1 } } }),
        ],
      },
      code: 'ML0006',
      path: 'spec/ingress[0]/connectionPool/http',
      mentions: 'only TCP settings',
    },
    {
      name: 'a selector without labels',
      spec: { workloadSelector: {}, egress: [{ hosts: ['./*'] }] },
      code: 'ML0006',
      path: 'spec/workloadSelector/labels',
      mentions: 'all services',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(sidecar(spec)), expected);
  });

  const accepted: { name: string; spec: SidecarSpec }[] = [
    {
      name: 'namespace-scoped egress',
      spec: { egress: [{ hosts: ['./*', 'istio-system/*', '~/*', '*/*.example.com'] }] },
    },
    {
      name: 'ingress listeners',
      spec: {
        ingress: [
          ingress(),
          ingress({
            port: { number: 9443, protocol: 'HTTPS', name: 'https' },
            defaultEndpoint: '[::1]:8443',
            tls: { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' },
          }),
        ],
      },
    },
    {
      name: 'a unix socket ingress endpoint',
      spec: { ingress: [ingress({ defaultEndpoint: 'unix:///var/run/app.sock' })] },
    },
    {
      name: 'a unix socket egress listener',
      spec: {
        egress: [
          { port: { number: 0, protocol: 'HTTP' }, bind: 'unix:///var/run/egress.sock', hosts: ['./*'] },
        ],
      },
    },
    { name: 'an outbound policy alone', spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    {
      name: 'an egress proxy',
      spec: {
        outboundTrafficPolicy: {
          mode: 'ALLOW_ANY',
          egressProxy: { host: 'proxy.example.com', port: { number: 3128 } },
        },
      },
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(sidecar(spec));
  });
});
