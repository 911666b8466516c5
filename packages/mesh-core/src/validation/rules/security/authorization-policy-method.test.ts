import { describe, expect, it } from 'vitest';
import { isValidMethod } from './authorization-policy-method.ts';
import { findingsOf } from './test-support.ts';

const policy = (methods: readonly string[]): string => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: methods
  namespace: bookinfo
spec:
  rules:
  - to:
    - operation:
        paths: ["/api/*"]
    - operation:
        methods: [${methods.map((m) => JSON.stringify(m)).join(', ')}]
`;

describe('KIA0102 AuthorizationPolicy method', () => {
  it.each([
    ['GET', true],
    [' post ', true],
    ['delete', true],
    ['CONNECT', true],
    ['*', true],
    ['GE*', true],
    ['*ET', true],
    ['/bookinfo.Reviews/List', true],
    ['/a.b.c/Method', true],
    ['GOT', false],
    ['FETCH', false],
    ['XY*', false],
    ['*XY', false],
    ['/Reviews', false],
    ['/pkg.Service/Method_1', false],
  ])('%j valid: %s', (method, valid) => {
    expect(isValidMethod(method)).toBe(valid);
  });

  it('reports each invalid method as a warning at its path and line', () => {
    expect(findingsOf(policy(['GET', 'GOT', 'FETCH']), { codes: ['KIA0102'] })).toEqual([
      {
        code: 'KIA0102',
        severity: 'warning',
        object: 'AuthorizationPolicy/bookinfo/methods',
        path: 'spec/rules[0]/to[1]/operation/methods[1]',
        line: 12,
      },
      {
        code: 'KIA0102',
        severity: 'warning',
        object: 'AuthorizationPolicy/bookinfo/methods',
        path: 'spec/rules[0]/to[1]/operation/methods[2]',
        line: 12,
      },
    ]);
  });

  it('accepts HTTP methods, wildcards and gRPC names', () => {
    expect(
      findingsOf(policy(['GET', 'POST', '*', '/bookinfo.Reviews/List']), { codes: ['KIA0102'] }),
    ).toEqual([]);
  });
});
