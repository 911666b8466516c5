import { describe, expect, it } from 'vitest';
import { deployment, docs, kiaChecks, kiaFindings, namespaces, positionOf, service } from './test-support.ts';

const mesh = docs(
  namespaces('default', 'other'),
  service({ name: 'reviews' }),
  service({ name: 'ratings', namespace: 'other' }),
);

const rule = (
  host: string,
  namespace = 'default',
  exportTo?: string[],
): string => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: rule
  namespace: ${namespace}
spec:
  host: "${host}"${exportTo ? `\n  exportTo:\n${exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
`;

const serviceEntry = (host: string, exportTo?: string[]): string => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
  namespace: default
spec:
  hosts:
  - ${host}${exportTo ? `\n  exportTo:\n${exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: https
    protocol: HTTPS
`;

const notFound = (namespace = 'default') => ({
  code: 'KIA0202',
  severity: 'error',
  object: `DestinationRule/${namespace}/rule`,
  path: 'spec/host',
});

describe('KIA0202: DestinationRule host not in the registry', () => {
  const cases = [
    { name: 'a Service by short name', yaml: [rule('reviews')], expected: [] },
    { name: 'a Service by FQDN', yaml: [rule('ratings.other.svc.cluster.local')], expected: [] },
    { name: 'a Service by name.namespace', yaml: [rule('ratings.other')], expected: [] },
    { name: 'a short name resolves in the rule namespace', yaml: [rule('ratings')], expected: [notFound()] },
    { name: 'an unknown host', yaml: [rule('nowhere')], expected: [notFound()] },
    { name: 'a wildcard host', yaml: [rule('*.other.svc.cluster.local')], expected: [] },
    {
      name: 'workloads labelled app=<name> in the rule namespace',
      yaml: [deployment({ name: 'details' }), rule('details')],
      expected: [],
    },
    {
      name: 'workloads of another namespace',
      yaml: [deployment({ name: 'details', namespace: 'other' }), rule('details.other.svc.cluster.local')],
      expected: [notFound()],
    },
    {
      name: 'a ServiceEntry host',
      yaml: [serviceEntry('api.example.com'), rule('api.example.com')],
      expected: [],
    },
    {
      name: 'a ServiceEntry exported elsewhere',
      yaml: [serviceEntry('api.example.com', ['other']), rule('api.example.com')],
      expected: [notFound()],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(mesh, ...yaml), { codes: ['KIA0202'] })).toEqual(expected);
  });

  it('points at the host', () => {
    const yaml = docs(mesh, rule('nowhere'));
    expect(kiaFindings(yaml, { codes: ['KIA0202'] })[0]).toMatchObject(positionOf(yaml, '"nowhere"'));
  });
});
