import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const nsStrict = peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' });
const withoutAutoMtls = {
  codes: ['KIA0501'] as const,
  mesh: { autoMtls: false },
};

describe('KIA0501 STRICT namespace-wide PeerAuthentication without ISTIO_MUTUAL DestinationRule', () => {
  it('is not reported with auto mTLS on (Istio default)', () => {
    expect(findingsOf(nsStrict, { codes: ['KIA0501'] })).toEqual([]);
  });

  it('reports an error at spec/mtls with auto mTLS off', () => {
    expect(findingsOf(nsStrict, withoutAutoMtls)).toEqual([
      {
        code: 'KIA0501',
        severity: 'error',
        object: 'PeerAuthentication/bookinfo/default',
        path: 'spec/mtls',
        line: lineOf(nsStrict, 'mtls:'),
      },
    ]);
  });

  it.each([
    {
      name: 'the namespace-wide ISTIO_MUTUAL rule',
      yaml: `${nsStrict}${destinationRule({ name: 'd', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}`,
      count: 0,
    },
    {
      name: 'the mesh-wide ISTIO_MUTUAL rule',
      yaml: `${nsStrict}${destinationRule({ name: 'd', namespace: 'istio-system', host: '*.local', mode: 'ISTIO_MUTUAL' })}`,
      count: 0,
    },
    {
      name: 'a rule for another namespace',
      yaml: `${nsStrict}${destinationRule({ name: 'd', namespace: 'shop', host: '*.shop.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}`,
      count: 1,
    },
    {
      name: 'a service rule only',
      yaml: `${nsStrict}${destinationRule({ name: 'd', namespace: 'bookinfo', host: 'reviews', mode: 'ISTIO_MUTUAL' })}`,
      count: 1,
    },
    {
      name: 'a PERMISSIVE namespace policy',
      yaml: peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'PERMISSIVE' }),
      count: 0,
    },
    {
      name: 'a STRICT workload policy',
      yaml: peerAuthentication({ name: 'r', namespace: 'bookinfo', mode: 'STRICT', app: 'reviews' }),
      count: 0,
    },
    {
      name: 'the mesh-wide policy (KIA0401)',
      yaml: peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' }),
      count: 0,
    },
  ])('with auto mTLS off: $name', ({ yaml, count }) => {
    expect(findingsOf(yaml, withoutAutoMtls)).toHaveLength(count);
  });
});
