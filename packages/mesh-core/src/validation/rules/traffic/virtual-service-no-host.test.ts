import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, kiaFindings, namespaces, positionOf, service } from './test-support.ts';

const mesh = docs(
  namespaces('default', 'other'),
  service({ name: 'reviews', versions: ['v1'] }),
  service({ name: 'ratings', namespace: 'other' }),
);

function vs(options: {
  namespace?: string;
  exportTo?: string[];
  http?: string[];
  tcp?: string[];
  tls?: string[];
  weights?: number[];
  annotations?: string;
}): string {
  const routes = (hosts: string[]): string =>
    hosts
      .map(
        (h, i) =>
          `    - destination:\n        host: ${h}${options.weights ? `\n      weight: ${options.weights[i] ?? 0}` : ''}`,
      )
      .join('\n');
  const parts = [
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: routes
  namespace: ${options.namespace ?? 'default'}${options.annotations ?? ''}
spec:
  hosts:
  - reviews${options.tls ? '\n  - reviews.example.com' : ''}`,
  ];
  if (options.exportTo) parts.push(`  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}`);
  if (options.http) parts.push(`  http:\n  - route:\n${routes(options.http)}`);
  if (options.tcp) parts.push(`  tcp:\n  - route:\n${routes(options.tcp)}`);
  if (options.tls)
    parts.push(
      `  tls:\n  - match:\n    - sniHosts:\n      - reviews.example.com\n    route:\n${routes(options.tls)}`,
    );
  return parts.join('\n') + '\n';
}

const serviceEntry = (options: {
  name: string;
  host: string;
  namespace?: string;
  exportTo?: string[];
}): string => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${options.name}
  namespace: ${options.namespace ?? 'default'}
spec:
  hosts:
  - "${options.host}"${options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  location: MESH_EXTERNAL
  resolution: ${options.host.startsWith('*') ? 'NONE' : 'DNS'}
  ports:
  - number: 443
    name: https
    protocol: HTTPS
`;

const notFound = (path: string, namespace = 'default') => ({
  code: 'KIA1101',
  severity: 'error',
  object: `VirtualService/${namespace}/routes`,
  path,
});

describe('KIA1101: route destination host not found', () => {
  const cases: { name: string; yaml: string; expected: ReturnType<typeof notFound>[] }[] = [
    {
      name: 'a short name of a Service in the namespace',
      yaml: docs(mesh, vs({ http: ['reviews'] })),
      expected: [],
    },
    {
      name: 'the FQDN of a Service',
      yaml: docs(mesh, vs({ http: ['ratings.other.svc.cluster.local'] })),
      expected: [],
    },
    { name: 'name.namespace of a Service', yaml: docs(mesh, vs({ http: ['ratings.other'] })), expected: [] },
    {
      name: 'name.namespace.svc of a Service',
      yaml: docs(mesh, vs({ http: ['ratings.other.svc'] })),
      expected: [],
    },
    {
      // Kiali's VirtualService check looks at Services and ServiceEntries only.
      name: 'workloads labelled app=<name> without a Service',
      yaml: docs(mesh, vs({ http: ['details'] }), deploymentOnly('details')),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'an unknown short name',
      yaml: docs(mesh, vs({ http: ['nowhere'] })),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'a short name resolves in the VirtualService namespace, not the service one',
      yaml: docs(mesh, vs({ http: ['ratings'] })),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'the second destination of a split',
      yaml: docs(mesh, vs({ http: ['reviews', 'reviews.other.svc.cluster.local'], weights: [50, 50] })),
      expected: [notFound('spec/http[0]/route[1]/destination/host')],
    },
    {
      // Partial input: nothing describes namespace "nowhere", so nothing proves the host missing.
      name: 'a host in a namespace the registry does not describe',
      yaml: docs(mesh, vs({ http: ['reviews.nowhere.svc.cluster.local'] })),
      expected: [],
    },
    {
      name: 'a TCP route',
      yaml: docs(mesh, vs({ tcp: ['nowhere'] })),
      expected: [notFound('spec/tcp[0]/route[0]/destination/host')],
    },
    {
      name: 'a TLS route',
      yaml: docs(mesh, vs({ tls: ['nowhere.example.com'] })),
      expected: [notFound('spec/tls[0]/route[0]/destination/host')],
    },
    {
      name: 'an external host defined by a ServiceEntry',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: 'api.example.com' }),
        vs({ http: ['api.example.com'] }),
      ),
      expected: [],
    },
    {
      name: 'an external host covered by a wildcard ServiceEntry',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: '*.example.com' }),
        vs({ http: ['api.example.com'] }),
      ),
      expected: [],
    },
    {
      name: 'an external host that no ServiceEntry defines',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: 'api.example.com' }),
        vs({ http: ['www.example.com'] }),
      ),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'a ServiceEntry exported to another namespace only',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: 'api.example.com', exportTo: ['other'] }),
        vs({ http: ['api.example.com'] }),
      ),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'a private ServiceEntry and a private VirtualService in one namespace',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: 'api.example.com', exportTo: ['.'] }),
        vs({ exportTo: ['.'], http: ['api.example.com'] }),
      ),
      expected: [],
    },
    {
      // Kiali validates the VirtualService in every namespace it is exported to.
      name: 'a private ServiceEntry and a VirtualService exported everywhere',
      yaml: docs(
        mesh,
        serviceEntry({ name: 'api', host: 'api.example.com', exportTo: ['.'] }),
        vs({ http: ['api.example.com'] }),
      ),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'a Service exported only to its own namespace',
      yaml: docs(
        namespaces('default', 'other'),
        service({
          name: 'ratings',
          namespace: 'other',
          annotations: { 'networking.istio.io/exportTo': '.' },
        }),
        vs({ http: ['ratings.other.svc.cluster.local'] }),
      ),
      expected: [notFound('spec/http[0]/route[0]/destination/host')],
    },
    {
      name: 'a finding suppressed with kiali.io/ignore-validations',
      yaml: docs(
        mesh,
        vs({
          http: ['nowhere'],
          annotations: '\n  annotations:\n    kiali.io/ignore-validations: "KIA1101"',
        }),
      ),
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(yaml, { codes: ['KIA1101'] })).toEqual(expected);
  });

  it('points at the host value', () => {
    const yaml = docs(mesh, vs({ http: ['nowhere'] }));
    const [finding] = kiaFindings(yaml, { codes: ['KIA1101'] });
    expect(finding).toMatchObject(positionOf(yaml, 'nowhere'));
  });
});

function deploymentOnly(name: string): string {
  return service({ name }).split('---\n').slice(1).join('---\n');
}

describe('KIA1101 with the mesh’s outbound traffic policy', () => {
  it('is a warning when MeshConfig explicitly lets traffic to unknown hosts out (ALLOW_ANY)', () => {
    const yaml = docs(mesh, vs({ http: ['nowhere'] }));
    expect(kiaChecks(yaml, { codes: ['KIA1101'], mesh: { outboundTrafficPolicy: 'ALLOW_ANY' } })).toEqual([
      { ...notFound('spec/http[0]/route[0]/destination/host'), severity: 'warning' },
    ]);
    expect(kiaChecks(yaml, { codes: ['KIA1101'], mesh: { outboundTrafficPolicy: 'REGISTRY_ONLY' } })).toEqual(
      [notFound('spec/http[0]/route[0]/destination/host')],
    );
  });
});
