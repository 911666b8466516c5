import { describe, expect, it } from 'vitest';
import { deployment, docs, kiaChecks, kiaFindings, namespaces, positionOf } from './test-support.ts';

const mesh = docs(
  namespaces('default', 'edge'),
  deployment({ name: 'ingress', labels: { istio: 'ingressgateway' } }),
  deployment({ name: 'internal', labels: { istio: 'internal' } }),
);

type Server = { port: number; hosts: string[] };

function gateway(options: {
  name: string;
  namespace?: string;
  selector?: Record<string, string>;
  servers: Server[];
}): string {
  const selector = Object.entries(options.selector ?? { istio: 'ingressgateway' });
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${options.name}
  namespace: ${options.namespace ?? 'default'}
spec:
  selector:
${selector.map(([k, v]) => `    ${k}: ${v}`).join('\n')}
  servers:
${options.servers
  .map(
    (s, i) =>
      `  - port:\n      number: ${s.port}\n      name: http-${i}\n      protocol: HTTP\n    hosts:\n${s.hosts.map((h) => `    - "${h}"`).join('\n')}`,
  )
  .join('\n')}
`;
}

const dup = (object: string, path: string) => ({
  code: 'KIA0301',
  severity: 'warning',
  object: `Gateway/${object}`,
  path,
});

describe('KIA0301: more than one Gateway for the same host and port', () => {
  const cases = [
    {
      name: 'different hosts',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['b.example.com'] }] }),
      ],
      expected: [],
    },
    {
      name: 'the same host and port',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['b.example.com', 'A.Example.com'] }] }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]'), dup('default/b', 'spec/servers[0]/hosts[1]')],
    },
    {
      name: 'the same host on different ports',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 8080, hosts: ['a.example.com'] }] }),
      ],
      expected: [],
    },
    {
      name: 'the same host on different gateway workloads',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({
          name: 'b',
          selector: { istio: 'internal' },
          servers: [{ port: 80, hosts: ['a.example.com'] }],
        }),
      ],
      expected: [],
    },
    {
      name: '"*" against any host, across namespaces',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({ name: 'b', namespace: 'edge', servers: [{ port: 80, hosts: ['*'] }] }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]'), dup('edge/b', 'spec/servers[0]/hosts[0]')],
    },
    {
      name: 'a wildcard covering a host',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['api.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['*.example.com'] }] }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]'), dup('default/b', 'spec/servers[0]/hosts[0]')],
    },
    {
      name: 'a wildcard of another domain',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['api.example.org'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['*.example.com'] }] }),
      ],
      expected: [],
    },
    {
      name: 'hosts for different target namespaces',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['./a.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['edge/a.example.com'] }] }),
      ],
      expected: [],
    },
    {
      name: '"." and the Gateway namespace are the same target',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['./a.example.com'] }] }),
        gateway({ name: 'b', namespace: 'edge', servers: [{ port: 80, hosts: ['default/a.example.com'] }] }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]'), dup('edge/b', 'spec/servers[0]/hosts[0]')],
    },
    {
      name: 'a host without target namespace against one with',
      gateways: [
        gateway({ name: 'a', servers: [{ port: 80, hosts: ['a.example.com'] }] }),
        gateway({ name: 'b', servers: [{ port: 80, hosts: ['edge/a.example.com'] }] }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]'), dup('default/b', 'spec/servers[0]/hosts[0]')],
    },
    {
      name: 'two servers of one Gateway: Kiali reports the earlier host only',
      gateways: [
        gateway({
          name: 'a',
          servers: [
            { port: 80, hosts: ['a.example.com'] },
            { port: 80, hosts: ['a.example.com'] },
          ],
        }),
      ],
      expected: [dup('default/a', 'spec/servers[0]/hosts[0]')],
    },
  ];

  it.each(cases)('$name', ({ gateways, expected }) => {
    expect(kiaChecks(docs(mesh, ...gateways), { codes: ['KIA0301'] })).toEqual(expected);
  });

  it('points at the host', () => {
    const yaml = docs(
      mesh,
      gateway({ name: 'a', servers: [{ port: 80, hosts: ['x.example.com'] }] }),
      gateway({ name: 'b', servers: [{ port: 80, hosts: ['x.example.com'] }] }),
    );
    const [first] = kiaFindings(yaml, { codes: ['KIA0301'] });
    expect(first).toMatchObject(positionOf(yaml, '"x.example.com"'));
  });
});
