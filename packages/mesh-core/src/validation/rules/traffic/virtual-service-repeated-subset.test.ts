import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, namespaces, service } from './test-support.ts';

const mesh = docs(
  namespaces('default'),
  service({ name: 'reviews', versions: ['v1', 'v2'] }),
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`,
);

type Destination = { host: string; subset?: string; weight: number };

const vs = (kind: 'http' | 'tcp', destinations: Destination[]): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  ${kind}:
  - route:
${destinations
  .map(
    (d) =>
      `    - destination:\n        host: ${d.host}${d.subset ? `\n        subset: ${d.subset}` : ''}\n      weight: ${d.weight}`,
  )
  .join('\n')}
`;

const repeated = (path: string) => ({
  code: 'KIA1105',
  severity: 'warning',
  object: 'VirtualService/default/reviews',
  path,
});

describe('KIA1105: host and subset repeated in one route', () => {
  const cases = [
    {
      name: 'distinct subsets',
      kind: 'http' as const,
      destinations: [
        { host: 'reviews', subset: 'v1', weight: 50 },
        { host: 'reviews', subset: 'v2', weight: 50 },
      ],
      expected: [],
    },
    {
      name: 'the same subset twice',
      kind: 'http' as const,
      destinations: [
        { host: 'reviews', subset: 'v1', weight: 50 },
        { host: 'reviews', subset: 'v2', weight: 25 },
        { host: 'reviews', subset: 'v1', weight: 25 },
      ],
      expected: [repeated('spec/http[0]/route[0]/host'), repeated('spec/http[0]/route[2]/host')],
    },
    {
      name: 'the same subset by short name and FQDN',
      kind: 'http' as const,
      destinations: [
        { host: 'reviews', subset: 'v1', weight: 50 },
        { host: 'reviews.default.svc.cluster.local', subset: 'v1', weight: 50 },
      ],
      expected: [repeated('spec/http[0]/route[0]/host'), repeated('spec/http[0]/route[1]/host')],
    },
    {
      name: 'the same host twice without subsets, on TCP',
      kind: 'tcp' as const,
      destinations: [
        { host: 'reviews', weight: 50 },
        { host: 'reviews', weight: 50 },
      ],
      expected: [repeated('spec/tcp[0]/route[0]/host'), repeated('spec/tcp[0]/route[1]/host')],
    },
    {
      name: 'a subset and the whole host',
      kind: 'http' as const,
      destinations: [
        { host: 'reviews', weight: 50 },
        { host: 'reviews', subset: 'v1', weight: 50 },
      ],
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ kind, destinations, expected }) => {
    expect(kiaChecks(docs(mesh, vs(kind, destinations)), { codes: ['KIA1105'] })).toEqual(expected);
  });
});
