import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = workload({ name: 'reviews', namespace: 'bookinfo' });

const policy = (
  selector = '  selector:\n    matchLabels:\n      app: reviews\n',
): string => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: identity
  namespace: bookinfo
spec:
${selector}  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/bookinfo/sa/reviews"]
    - source:
        namespaces: ["bookinfo"]
    to:
    - operation:
        methods: ["GET"]
    when:
    - key: request.headers[x-user]
      values: ["admin"]
    - key: source.namespace
      values: ["bookinfo"]
---
`;

const nsDisable = peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'DISABLE' });
const nsPermissive = peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'PERMISSIVE' });
const reviewsPermissive = peerAuthentication({
  name: 'reviews',
  namespace: 'bookinfo',
  mode: 'PERMISSIVE',
  app: 'reviews',
});
const paths = [
  'spec/rules[0]/from[0]/source/principals',
  'spec/rules[0]/from[1]/source/namespaces',
  'spec/rules[0]/when[1]',
];
const reported = (yaml: string, autoMtls = true): string[] =>
  findingsOf(yaml, {
    codes: ['KIA0105'],
    ...(autoMtls ? {} : { mesh: { autoMtls } }),
  }).map((f) => f.path);

describe('KIA0105 AuthorizationPolicy fields that need mTLS', () => {
  it('reports each identity field and condition as an error when the namespace disables mTLS', () => {
    const yaml = `${mesh}${nsDisable}${policy()}`;
    expect(findingsOf(yaml, { codes: ['KIA0105'] })).toEqual([
      {
        code: 'KIA0105',
        severity: 'error',
        object: 'AuthorizationPolicy/bookinfo/identity',
        path: paths[0],
        line: lineOf(yaml, 'principals:'),
      },
      {
        code: 'KIA0105',
        severity: 'error',
        object: 'AuthorizationPolicy/bookinfo/identity',
        path: paths[1],
        line: lineOf(yaml, 'namespaces: ["bookinfo"]'),
      },
      {
        code: 'KIA0105',
        severity: 'error',
        object: 'AuthorizationPolicy/bookinfo/identity',
        path: paths[2],
        line: lineOf(yaml, 'key: source.namespace'),
      },
    ]);
  });

  it.each([
    { name: 'no mTLS config at all (auto mTLS)', yaml: `${mesh}${policy()}`, expected: [] },
    { name: 'a PERMISSIVE namespace (auto mTLS)', yaml: `${mesh}${nsPermissive}${policy()}`, expected: [] },
    {
      name: 'a mesh-wide DISABLE',
      yaml: `${mesh}${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'DISABLE' })}${policy()}`,
      expected: paths,
    },
    {
      name: 'a mesh-wide DISABLE overridden by a STRICT namespace',
      yaml: `${mesh}${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'DISABLE' })}${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${policy()}`,
      expected: [],
    },
    {
      name: 'a STRICT workload policy matching the selector in a DISABLE namespace',
      yaml: `${mesh}${nsDisable}${peerAuthentication({ name: 'reviews', namespace: 'bookinfo', mode: 'STRICT', app: 'reviews' })}${policy()}`,
      expected: [],
    },
    {
      name: 'a DISABLE workload policy in a PERMISSIVE namespace',
      yaml: `${mesh}${nsPermissive}${peerAuthentication({ name: 'reviews', namespace: 'bookinfo', mode: 'DISABLE', app: 'reviews' })}${policy()}`,
      expected: paths,
    },
    {
      name: 'a PERMISSIVE workload policy whose Service has an ISTIO_MUTUAL rule',
      yaml: `${mesh}${nsDisable}${reviewsPermissive}${destinationRule({ name: 'reviews', namespace: 'bookinfo', host: 'reviews', mode: 'ISTIO_MUTUAL' })}${policy()}`,
      expected: [],
    },
    {
      name: 'a PERMISSIVE workload policy without rule, in a DISABLE namespace',
      yaml: `${mesh}${nsDisable}${reviewsPermissive}${policy()}`,
      expected: paths,
    },
    {
      name: 'a policy without selector in a DISABLE namespace, ignoring workload policies',
      yaml: `${mesh}${nsDisable}${peerAuthentication({ name: 'reviews', namespace: 'bookinfo', mode: 'STRICT', app: 'reviews' })}${policy('')}`,
      expected: paths,
    },
    {
      name: 'a PERMISSIVE namespace whose namespace-wide rule disables TLS',
      yaml: `${mesh}${nsPermissive}${destinationRule({ name: 'ns', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', mode: 'DISABLE' })}${policy()}`,
      expected: paths,
    },
  ])('$name', ({ yaml, expected }) => {
    expect(reported(yaml)).toEqual(expected);
  });

  it('asks nothing of policies without identity fields', () => {
    const yaml = `${mesh}${nsDisable}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: methods-only
  namespace: bookinfo
spec:
  rules:
  - to:
    - operation:
        methods: ["GET"]
`;
    expect(reported(yaml)).toEqual([]);
  });

  describe('with auto mTLS off (MeshConfig enableAutoMtls: false)', () => {
    it.each([
      { name: 'no mTLS config', yaml: `${mesh}${policy()}`, expected: paths },
      {
        name: 'a STRICT namespace without DestinationRule',
        yaml: `${mesh}${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${policy()}`,
        expected: paths,
      },
      {
        name: 'a STRICT namespace with its ISTIO_MUTUAL namespace-wide rule',
        yaml: `${mesh}${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${destinationRule({ name: 'ns', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}${policy()}`,
        expected: [],
      },
      {
        name: 'mesh-wide STRICT with the mesh-wide ISTIO_MUTUAL rule',
        yaml: `${mesh}${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })}${destinationRule({ name: 'mesh', namespace: 'istio-system', host: '*.local', mode: 'ISTIO_MUTUAL' })}${policy()}`,
        expected: [],
      },
    ])('$name', ({ yaml, expected }) => {
      expect(reported(yaml, false)).toEqual(expected);
    });
  });
});
