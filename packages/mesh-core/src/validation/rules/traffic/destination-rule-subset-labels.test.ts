import { describe, expect, it } from 'vitest';
import { deployment, docs, kiaChecks, kiaFindings, namespaces, positionOf, service } from './test-support.ts';

const mesh = docs(namespaces('default', 'other'), service({ name: 'reviews', versions: ['v1', 'v2'] }));

type Subset = { name: string; labels?: Record<string, string> };

const rule = (
  host: string,
  subsets: Subset[],
  exportTo?: string[],
): string => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: rule
spec:
  host: "${host}"${exportTo ? `\n  exportTo:\n${exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  subsets:
${subsets
  .map((s) => {
    const labels = Object.entries(s.labels ?? {});
    return `  - name: ${s.name}${labels.length > 0 ? `\n    labels:\n${labels.map(([k, v]) => `      ${k}: ${v}`).join('\n')}` : ''}`;
  })
  .join('\n')}
`;

const routeTo = (subset: string, namespace = 'default'): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: route-${subset}
  namespace: ${namespace}
spec:
  hosts:
  - reviews.default.svc.cluster.local
  http:
  - route:
    - destination:
        host: reviews.default.svc.cluster.local
        subset: ${subset}
`;

const v = (name: string, labels?: Record<string, string>): Subset => ({
  name,
  labels: labels ?? { version: name },
});

const serviceEntry = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: db
spec:
  hosts:
  - db.example.com
  location: MESH_EXTERNAL
  resolution: STATIC
  ports:
  - number: 5432
    name: tcp
    protocol: TCP
  endpoints:
  - address: 10.0.0.1
    labels:
      version: v1
`;

const noWorkload = (path: string) => ({
  code: 'KIA0203',
  severity: 'error',
  object: 'DestinationRule/default/rule',
  path,
});

describe('KIA0203: subset labels match no workload of the host', () => {
  const cases = [
    {
      name: 'every subset has workloads',
      yaml: [rule('reviews', [v('v1'), v('v2')]), routeTo('v1')],
      expected: [],
    },
    {
      name: 'a routed subset without workloads',
      yaml: [rule('reviews', [v('v1'), v('v3')]), routeTo('v3')],
      expected: [noWorkload('spec/subsets[1]')],
    },
    {
      // Kiali shows it as info only: nothing is routed there yet.
      name: 'a subset without workloads that no route uses',
      yaml: [rule('reviews', [v('v1'), v('v3')]), routeTo('v1')],
      expected: [{ ...noWorkload('spec/subsets[1]'), severity: 'unknown' }],
    },
    {
      name: "labels of workloads that are not behind the host's Service",
      yaml: [
        deployment({ name: 'other', labels: { app: 'other', version: 'v3' } }),
        rule('reviews', [v('v3')]),
        routeTo('v3'),
      ],
      expected: [noWorkload('spec/subsets[0]')],
    },
    { name: 'a wildcard host', yaml: [rule('*.default.svc.cluster.local', [v('v9')])], expected: [] },
    { name: 'an unknown host (KIA0202 says it)', yaml: [rule('nowhere', [v('v9')])], expected: [] },
    {
      name: 'ServiceEntry endpoints with the labels',
      yaml: [serviceEntry, rule('db.example.com', [v('v1')]), routeTo('v1')],
      expected: [],
    },
    {
      name: 'a ServiceEntry subset no endpoint has, routed to',
      yaml: [serviceEntry, rule('db.example.com', [v('v2')]), routeToHost('db.example.com', 'v2')],
      expected: [noWorkload('spec/subsets[0]')],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(mesh, ...yaml), { codes: ['KIA0203'] })).toEqual(expected);
  });

  it('points at the subset', () => {
    const yaml = docs(mesh, rule('reviews', [v('v1'), v('v3')]), routeTo('v3'));
    expect(kiaFindings(yaml, { codes: ['KIA0203'] })[0]).toMatchObject(positionOf(yaml, 'name: v3'));
  });
});

describe('KIA0209: subset without labels', () => {
  const noLabels = (path: string) => ({
    code: 'KIA0209',
    severity: 'warning',
    object: 'DestinationRule/default/rule',
    path,
  });
  const cases = [
    { name: 'every subset has labels', yaml: [rule('reviews', [v('v1')])], expected: [] },
    {
      name: 'the only subset has none',
      yaml: [rule('reviews', [{ name: 'all' }])],
      expected: [noLabels('spec/subsets[0]')],
    },
    {
      name: 'another subset has labels that match no workload',
      yaml: [rule('reviews', [v('v3'), { name: 'all' }])],
      expected: [noLabels('spec/subsets[1]')],
    },
    {
      // Kiali shows it as info only when another subset matches workloads.
      name: 'another subset matches workloads',
      yaml: [rule('reviews', [v('v1'), { name: 'all' }])],
      expected: [{ ...noLabels('spec/subsets[1]'), severity: 'unknown' }],
    },
    { name: 'an unknown host', yaml: [rule('nowhere', [{ name: 'all' }])], expected: [] },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(mesh, ...yaml), { codes: ['KIA0209'] })).toEqual(expected);
  });
});

function routeToHost(host: string, subset: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: route-db
spec:
  hosts:
  - ${host}
  tcp:
  - route:
    - destination:
        host: ${host}
        subset: ${subset}
`;
}
