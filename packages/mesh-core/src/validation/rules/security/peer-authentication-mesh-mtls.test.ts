import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const meshStrict = peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' });
const withoutAutoMtls = {
  codes: ['KIA0401'] as const,
  mesh: { autoMtls: false },
};

describe('KIA0401 STRICT mesh-wide PeerAuthentication without mesh-wide ISTIO_MUTUAL DestinationRule', () => {
  it('is not reported with auto mTLS on (Istio default): clients send mTLS without a DestinationRule', () => {
    expect(findingsOf(meshStrict, { codes: ['KIA0401'] })).toEqual([]);
  });

  it('reports an error at spec/mtls with auto mTLS off', () => {
    expect(findingsOf(meshStrict, withoutAutoMtls)).toEqual([
      {
        code: 'KIA0401',
        severity: 'error',
        object: 'PeerAuthentication/istio-system/default',
        path: 'spec/mtls',
        line: lineOf(meshStrict, 'mtls:'),
      },
    ]);
  });

  it.each([
    {
      name: 'with the mesh-wide ISTIO_MUTUAL rule',
      yaml: `${meshStrict}${destinationRule({ name: 'd', namespace: 'istio-system', host: '*.local', mode: 'ISTIO_MUTUAL' })}`,
      count: 0,
    },
    {
      name: 'with a mesh-wide rule of another mode',
      yaml: `${meshStrict}${destinationRule({ name: 'd', namespace: 'istio-system', host: '*.local', mode: 'SIMPLE' })}`,
      count: 1,
    },
    {
      name: 'with the rule not exported to the root namespace',
      yaml: `${meshStrict}${destinationRule({ name: 'd', namespace: 'bookinfo', host: '*.local', mode: 'ISTIO_MUTUAL', exportTo: '["."]' })}`,
      count: 1,
    },
    {
      name: 'a PERMISSIVE mesh policy',
      yaml: peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'PERMISSIVE' }),
      count: 0,
    },
    {
      name: 'a STRICT workload policy in the root namespace',
      yaml: peerAuthentication({ name: 'gw', namespace: 'istio-system', mode: 'STRICT', app: 'gw' }),
      count: 0,
    },
    {
      name: 'a STRICT policy of another namespace (KIA0501)',
      yaml: peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' }),
      count: 0,
    },
  ])('with auto mTLS off: $name', ({ yaml, count }) => {
    expect(findingsOf(yaml, withoutAutoMtls)).toHaveLength(count);
  });

  it('follows the configured root namespace', () => {
    const yaml = peerAuthentication({ name: 'default', namespace: 'mesh-root', mode: 'STRICT' });
    expect(
      findingsOf(yaml, { ...withoutAutoMtls, mesh: { ...withoutAutoMtls.mesh, rootNamespace: 'mesh-root' } }),
    ).toHaveLength(1);
  });
});
