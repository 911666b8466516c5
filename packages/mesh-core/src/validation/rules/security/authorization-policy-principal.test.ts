import { describe, expect, it } from 'vitest';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'productpage', namespace: 'bookinfo', serviceAccount: 'bookinfo-productpage' })}${workload({ name: 'sleep', namespace: 'default' })}apiVersion: v1
kind: ServiceAccount
metadata:
  name: unused
  namespace: bookinfo
---
`;

const policy = (principals: readonly string[]): string => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: principals
  namespace: bookinfo
spec:
  rules:
  - from:
    - source:
        principals: [${principals.map((p) => JSON.stringify(p)).join(', ')}]
`;

describe('KIA0106 AuthorizationPolicy principal without service account', () => {
  it.each([
    ['the identity of a workload', 'cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
    ['the default service account a workload runs as', 'cluster.local/ns/default/sa/sleep'],
    ['presence match', '*'],
    ['a prefix pattern', 'cluster.local/ns/bookinfo/*'],
    ['a suffix pattern', '*/sa/sleep'],
  ])('accepts %s', (_name, principal) => {
    expect(findingsOf(`${mesh}${policy([principal])}`, { codes: ['KIA0106'] })).toEqual([]);
  });

  it.each([
    ['an account no workload runs as, even if declared', 'cluster.local/ns/bookinfo/sa/unused'],
    ['an account of the wrong namespace', 'cluster.local/ns/default/sa/bookinfo-productpage'],
    ['another trust domain', 'example.org/ns/default/sa/sleep'],
    ['a pattern matching nothing', 'cluster.local/ns/shop/*'],
    ['a wildcard in the middle (exact match only, as Kiali)', 'cluster.local/ns/*/sa/sleep'],
  ])('reports %s as an error', (_name, principal) => {
    const yaml = `${mesh}${policy([principal])}`;
    expect(findingsOf(yaml, { codes: ['KIA0106'] })).toEqual([
      {
        code: 'KIA0106',
        severity: 'error',
        object: 'AuthorizationPolicy/bookinfo/principals',
        path: 'spec/rules[0]/from[0]/source/principals[0]',
        line: lineOf(yaml, 'principals:'),
      },
    ]);
  });

  it('follows the mesh trust domain', () => {
    const yaml = `${mesh}${policy(['corp.example/ns/default/sa/sleep'])}`;
    expect(findingsOf(yaml, { codes: ['KIA0106'], mesh: { clusterDomain: 'corp.example' } })).toEqual([]);
  });
});
