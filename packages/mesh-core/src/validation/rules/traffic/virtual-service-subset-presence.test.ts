import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, namespaces, service } from './test-support.ts';

const mesh = docs(namespaces('default', 'other'), service({ name: 'reviews', versions: ['v1', 'v2'] }));

function rule(options: {
  name?: string;
  namespace?: string;
  host?: string;
  subsets?: string[];
  exportTo?: string[];
}): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${options.name ?? 'reviews'}
  namespace: ${options.namespace ?? 'default'}
spec:
  host: "${options.host ?? 'reviews'}"${options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  subsets:
${(options.subsets ?? ['v1', 'v2']).map((s) => `  - name: ${s}\n    labels:\n      version: ${s}`).join('\n')}
`;
}

function vs(options: {
  namespace?: string;
  host?: string;
  subsets: string[];
  kind?: 'http' | 'tcp';
  exportTo?: string[];
}): string {
  const weight = options.subsets.length > 1 ? Math.floor(100 / options.subsets.length) : undefined;
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: ${options.namespace ?? 'default'}
spec:
  hosts:
  - reviews.default.svc.cluster.local${options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  ${options.kind ?? 'http'}:
  - route:
${options.subsets
  .map(
    (s, i) =>
      `    - destination:\n        host: ${options.host ?? 'reviews'}\n        subset: ${s}${weight === undefined ? '' : `\n      weight: ${i === 0 ? 100 - weight * (options.subsets.length - 1) : weight}`}`,
  )
  .join('\n')}
`;
}

const notFound = (path: string, namespace = 'default') => ({
  code: 'KIA1107',
  severity: 'warning',
  object: `VirtualService/${namespace}/reviews`,
  path,
});

describe('KIA1107: subset not found', () => {
  const cases = [
    { name: 'subsets a rule defines', yaml: [rule({}), vs({ subsets: ['v1', 'v2'] })], expected: [] },
    {
      name: 'no DestinationRule at all',
      yaml: [vs({ subsets: ['v1'] })],
      expected: [notFound('spec/http[0]/route[0]/destination')],
    },
    {
      name: 'a subset the rule lacks',
      yaml: [rule({}), vs({ subsets: ['v1', 'v3'] })],
      expected: [notFound('spec/http[0]/route[1]/destination')],
    },
    {
      name: 'on a TCP route',
      yaml: [rule({}), vs({ subsets: ['v3'], kind: 'tcp' })],
      expected: [notFound('spec/tcp[0]/route[0]/destination')],
    },
    {
      name: 'a rule written with the FQDN, a route with the short name',
      yaml: [rule({ host: 'reviews.default.svc.cluster.local' }), vs({ subsets: ['v2'] })],
      expected: [],
    },
    {
      name: 'a rule in another namespace naming the service by FQDN',
      yaml: [
        rule({ namespace: 'other', host: 'reviews.default.svc.cluster.local' }),
        vs({ subsets: ['v2'] }),
      ],
      expected: [],
    },
    {
      name: 'a rule in another namespace with the same short name (another host)',
      yaml: [rule({ namespace: 'other' }), vs({ subsets: ['v2'] })],
      expected: [notFound('spec/http[0]/route[0]/destination')],
    },
    {
      name: 'subsets spread over two rules for the host',
      yaml: [
        rule({ name: 'one', subsets: ['v1'] }),
        rule({ name: 'two', namespace: 'other', host: 'reviews.default.svc.cluster.local', subsets: ['v2'] }),
        vs({ subsets: ['v1', 'v2'] }),
      ],
      expected: [],
    },
    {
      name: 'a wildcard rule host does not define subsets of a service',
      yaml: [rule({ host: '*.default.svc.cluster.local' }), vs({ subsets: ['v1'] })],
      expected: [notFound('spec/http[0]/route[0]/destination')],
    },
    {
      name: 'a rule exported only to another namespace',
      yaml: [rule({ exportTo: ['other'] }), vs({ subsets: ['v1'] })],
      expected: [notFound('spec/http[0]/route[0]/destination')],
    },
    {
      name: 'a private rule and a private VirtualService in one namespace',
      yaml: [rule({ exportTo: ['.'] }), vs({ subsets: ['v1'], exportTo: ['.'] })],
      expected: [],
    },
    {
      // Kiali validates the VirtualService in every namespace it is exported to; "other" has no rule.
      name: 'a private rule and a VirtualService exported everywhere',
      yaml: [rule({ exportTo: ['.'] }), vs({ subsets: ['v1'] })],
      expected: [notFound('spec/http[0]/route[0]/destination')],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(mesh, ...yaml), { codes: ['KIA1107'] })).toEqual(expected);
  });
});
