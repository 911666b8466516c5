import { describe, expect, it } from 'vitest';
import { findingsOf, lineOf, workload } from './test-support.ts';

const policy = (
  namespaces: readonly string[],
  field = 'namespaces',
): string => `${workload({ name: 'reviews', namespace: 'bookinfo' })}
apiVersion: v1
kind: Namespace
metadata:
  name: prod-eu
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-from
  namespace: bookinfo
spec:
  rules:
  - from:
    - source:
        ${field}: [${namespaces.map((n) => JSON.stringify(n)).join(', ')}]
`;

describe('KIA0101 AuthorizationPolicy source namespace not found', () => {
  it.each([
    { name: 'existing namespaces', namespaces: ['bookinfo', 'prod-eu'] },
    { name: 'presence match', namespaces: ['*'] },
    { name: 'prefix match', namespaces: ['prod-*'] },
    { name: 'suffix match', namespaces: ['*-eu'] },
  ])('accepts $name', ({ namespaces }) => {
    expect(findingsOf(policy(namespaces), { codes: ['KIA0101'] })).toEqual([]);
  });

  it.each([
    { name: 'a missing namespace', namespaces: ['bookinfo', 'typo'], bad: [1] },
    { name: 'patterns that match no namespace', namespaces: ['dev-*', '*-us', 'prod-eu'], bad: [0, 1] },
  ])('reports $name as a warning on each entry', ({ namespaces, bad }) => {
    const yaml = policy(namespaces);
    expect(findingsOf(yaml, { codes: ['KIA0101'] })).toEqual(
      bad.map((i) => ({
        code: 'KIA0101',
        severity: 'warning',
        object: 'AuthorizationPolicy/bookinfo/allow-from',
        path: `spec/rules[0]/from[0]/source/namespaces[${i}]`,
        line: lineOf(yaml, 'namespaces:'),
      })),
    );
  });

  it('leaves notNamespaces alone, as Kiali does', () => {
    expect(findingsOf(policy(['typo'], 'notNamespaces'), { codes: ['KIA0101'] })).toEqual([]);
  });
});
