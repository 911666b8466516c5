import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, kiaFindings, positionOf, service } from './test-support.ts';

const mesh = docs(service({ name: 'reviews', versions: ['v1', 'v2'] }), service({ name: 'db' }));

const route = (weights: (number | undefined)[]): string =>
  weights
    .map(
      (w, i) =>
        `    - destination:\n        host: reviews\n        port:\n          number: 9080${i > 0 ? `\n        subset: v${i}` : ''}${w === undefined ? '' : `\n      weight: ${w}`}`,
    )
    .join('\n');

const vs = (
  kind: 'http' | 'tcp',
  weights: (number | undefined)[],
): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  ${kind}:
  - route:
${route(weights)}
`;

const rules = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
`;

describe('KIA1104: a single destination with a weight below 100', () => {
  const warning = (path: string) => ({
    code: 'KIA1104',
    severity: 'warning',
    object: 'VirtualService/default/reviews',
    path,
  });
  const cases = [
    { name: 'no weight', kind: 'http' as const, weights: [undefined], expected: [] },
    { name: 'weight 100', kind: 'http' as const, weights: [100], expected: [] },
    { name: 'weight 0', kind: 'http' as const, weights: [0], expected: [] },
    {
      name: 'weight 50 on the only HTTP destination',
      kind: 'http' as const,
      weights: [50],
      expected: [warning('spec/http[0]/route[0]/weight')],
    },
    {
      name: 'weight 99 on the only TCP destination',
      kind: 'tcp' as const,
      weights: [99],
      expected: [warning('spec/tcp[0]/route[0]/weight')],
    },
    { name: 'a two-way split', kind: 'http' as const, weights: [50, 50], expected: [] },
  ];

  it.each(cases)('$name', ({ kind, weights, expected }) => {
    expect(kiaChecks(docs(mesh, rules, vs(kind, weights)), { codes: ['KIA1104'] })).toEqual(expected);
  });

  it('points at the weight', () => {
    const yaml = docs(mesh, rules, vs('http', [30]));
    expect(kiaFindings(yaml, { codes: ['KIA1104'] })[0]).toMatchObject(positionOf(yaml, '30'));
  });
});
