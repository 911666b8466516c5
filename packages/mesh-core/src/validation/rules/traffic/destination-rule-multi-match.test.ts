import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, namespaces, service } from './test-support.ts';

const mesh = docs(
  namespaces('default', 'other'),
  service({ name: 'reviews', versions: ['v1', 'v2'] }),
  service({ name: 'ratings' }),
);

function rule(options: {
  name: string;
  namespace?: string;
  host: string;
  subsets?: string[];
  exportTo?: string[];
  mtls?: boolean;
}): string {
  const subsets = options.subsets ?? [];
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${options.name}
  namespace: ${options.namespace ?? 'default'}
spec:
  host: "${options.host}"${options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}${
    options.mtls ? '\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL' : ''
  }${subsets.length > 0 ? `\n  subsets:\n${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}`).join('\n')}` : ''}
`;
}

const dup = (object: string) => ({
  code: 'KIA0201',
  severity: 'warning',
  object: `DestinationRule/${object}`,
  path: 'spec/host',
});

describe('KIA0201: more than one DestinationRule for the same host and subset', () => {
  const cases = [
    {
      name: 'different hosts',
      rules: [
        rule({ name: 'a', host: 'reviews', subsets: ['v1'] }),
        rule({ name: 'b', host: 'ratings', subsets: ['v1'] }),
      ],
      expected: [],
    },
    {
      name: 'one host, disjoint subsets',
      rules: [
        rule({ name: 'a', host: 'reviews', subsets: ['v1'] }),
        rule({ name: 'b', host: 'reviews', subsets: ['v2'] }),
      ],
      expected: [],
    },
    {
      name: 'one host, a shared subset',
      rules: [
        rule({ name: 'a', host: 'reviews', subsets: ['v1', 'v2'] }),
        rule({ name: 'b', host: 'reviews', subsets: ['v2'] }),
      ],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'short name and FQDN from another namespace',
      rules: [
        rule({ name: 'a', host: 'reviews', subsets: ['v1'] }),
        rule({ name: 'b', namespace: 'other', host: 'reviews.default.svc.cluster.local', subsets: ['v1'] }),
      ],
      expected: [dup('default/a'), dup('other/b')],
    },
    {
      name: 'two whole-host rules',
      rules: [rule({ name: 'a', host: 'reviews' }), rule({ name: 'b', host: 'reviews' })],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a whole-host rule and a rule with subsets',
      rules: [rule({ name: 'a', host: 'reviews' }), rule({ name: 'b', host: 'reviews', subsets: ['v2'] })],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a namespace wildcard and a host of the namespace',
      rules: [
        rule({ name: 'a', host: '*.default.svc.cluster.local' }),
        rule({ name: 'b', host: 'reviews', subsets: ['v1'] }),
      ],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a bare "*" stands for the rule\'s namespace',
      rules: [rule({ name: 'a', host: '*' }), rule({ name: 'b', host: 'reviews', subsets: ['v1'] })],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'a bare "*" of another namespace',
      rules: [
        rule({ name: 'a', namespace: 'other', host: '*' }),
        rule({ name: 'b', host: 'reviews', subsets: ['v1'] }),
      ],
      expected: [],
    },
    {
      name: 'a namespace wildcard and a host of another namespace',
      rules: [
        rule({ name: 'a', host: '*.other.svc.cluster.local' }),
        rule({ name: 'b', host: 'reviews', subsets: ['v1'] }),
      ],
      expected: [],
    },
    {
      name: 'a wildcard enabling mTLS is left out',
      rules: [
        rule({ name: 'a', host: '*.default.svc.cluster.local', mtls: true }),
        rule({ name: 'b', host: 'reviews', subsets: ['v1'] }),
      ],
      expected: [],
    },
    {
      name: 'external hosts under a wildcard',
      rules: [rule({ name: 'a', host: '*.example.com' }), rule({ name: 'b', host: 'api.example.com' })],
      expected: [dup('default/a'), dup('default/b')],
    },
    {
      name: 'rules private to different namespaces',
      rules: [
        rule({ name: 'a', host: 'reviews.default.svc.cluster.local', exportTo: ['.'] }),
        rule({ name: 'b', namespace: 'other', host: 'reviews.default.svc.cluster.local', exportTo: ['.'] }),
      ],
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ rules, expected }) => {
    expect(kiaChecks(docs(mesh, ...rules), { codes: ['KIA0201'] })).toEqual(expected);
  });
});
