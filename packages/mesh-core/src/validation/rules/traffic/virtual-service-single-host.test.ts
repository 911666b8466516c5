import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, namespaces, service } from './test-support.ts';

const mesh = docs(
  namespaces('default', 'other'),
  service({ name: 'reviews' }),
  service({ name: 'ratings' }),
  service({ name: 'ratings', namespace: 'other' }),
);

const gatewayYaml = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  selector:
    app: reviews
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
`;

function vs(options: {
  name: string;
  namespace?: string;
  hosts: string[];
  gateways?: string[];
  exportTo?: string[];
}): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${options.name}
  namespace: ${options.namespace ?? 'default'}
spec:
  hosts:
${options.hosts.map((h) => `  - "${h}"`).join('\n')}${options.gateways ? `\n  gateways:\n${options.gateways.map((g) => `  - ${g}`).join('\n')}` : ''}${
    options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''
  }
  http:
  - route:
    - destination:
        host: reviews.default.svc.cluster.local
`;
}

const dup = (object: string) => ({
  code: 'KIA1106',
  severity: 'warning',
  object: `VirtualService/${object}`,
  path: 'spec/hosts',
});

describe('KIA1106: more than one VirtualService for the same host', () => {
  const cases = [
    {
      name: 'different hosts',
      yaml: [vs({ name: 'a', hosts: ['reviews'] }), vs({ name: 'b', hosts: ['ratings'] })],
      expected: [],
    },
    {
      name: 'the same short host',
      yaml: [vs({ name: 'a', hosts: ['reviews'] }), vs({ name: 'b', hosts: ['reviews'] })],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a short name and the FQDN',
      yaml: [
        vs({ name: 'a', hosts: ['reviews'] }),
        vs({ name: 'b', namespace: 'other', hosts: ['reviews.default.svc.cluster.local'] }),
      ],
      expected: [dup('default/a'), dup('other/b')],
    },
    {
      name: 'the same short name in two namespaces',
      yaml: [
        vs({ name: 'a', hosts: ['ratings'] }),
        vs({ name: 'b', namespace: 'other', hosts: ['ratings'] }),
      ],
      expected: [],
    },
    {
      name: 'the same host on different gateways',
      yaml: [vs({ name: 'a', hosts: ['reviews'] }), vs({ name: 'b', hosts: ['reviews'], gateways: ['gw'] })],
      expected: [],
    },
    {
      name: 'the same host on the same gateway',
      yaml: [
        vs({ name: 'a', hosts: ['reviews.example.com'], gateways: ['gw'] }),
        vs({ name: 'b', hosts: ['reviews.example.com'], gateways: ['gw', 'mesh'] }),
      ],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a namespace wildcard and a host of its namespace',
      yaml: [
        vs({ name: 'a', hosts: ['*.default.svc.cluster.local'] }),
        vs({ name: 'b', hosts: ['reviews'] }),
      ],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a namespace wildcard and a host of another namespace',
      yaml: [
        vs({ name: 'a', hosts: ['*.default.svc.cluster.local'] }),
        vs({ name: 'b', hosts: ['ratings.other.svc.cluster.local'] }),
      ],
      expected: [],
    },
    {
      name: 'two VirtualServices private to different namespaces',
      yaml: [
        vs({ name: 'a', hosts: ['reviews'], exportTo: ['.'] }),
        vs({ name: 'b', namespace: 'other', hosts: ['reviews.default.svc.cluster.local'], exportTo: ['.'] }),
      ],
      expected: [],
    },
    {
      name: 'one private VirtualService and one exported to its namespace',
      yaml: [
        vs({ name: 'a', hosts: ['reviews'], exportTo: ['.'] }),
        vs({
          name: 'b',
          namespace: 'other',
          hosts: ['reviews.default.svc.cluster.local'],
          exportTo: ['default'],
        }),
      ],
      expected: [dup('default/a'), dup('other/b')],
    },
    {
      // Kiali keeps an object exported to a missing namespace in every namespace's validation.
      name: 'a VirtualService exported to a missing namespace is seen everywhere',
      yaml: [
        vs({ name: 'a', hosts: ['reviews'], exportTo: ['.'] }),
        vs({
          name: 'b',
          namespace: 'other',
          hosts: ['reviews.default.svc.cluster.local'],
          exportTo: ['nowhere'],
        }),
      ],
      expected: [dup('default/a'), dup('other/b')],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(mesh, gatewayYaml, ...yaml), { codes: ['KIA1106'] })).toEqual(expected);
  });
});
