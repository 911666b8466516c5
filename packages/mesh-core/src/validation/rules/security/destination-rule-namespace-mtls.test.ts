import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const nsWide = (mode = 'ISTIO_MUTUAL', namespace = 'bookinfo'): string =>
  destinationRule({ name: 'default', namespace, host: `*.${namespace}.svc.cluster.local`, mode });
const withoutAutoMtls = {
  codes: ['KIA0206'] as const,
  mesh: { autoMtls: false },
};

describe('KIA0206 namespace-wide ISTIO_MUTUAL DestinationRule without PeerAuthentication', () => {
  it('is not reported with auto mTLS on (Istio default)', () => {
    expect(findingsOf(nsWide(), { codes: ['KIA0206'] })).toEqual([]);
  });

  it('reports an error at the TLS mode with auto mTLS off', () => {
    const yaml = nsWide();
    expect(findingsOf(yaml, withoutAutoMtls)).toEqual([
      {
        code: 'KIA0206',
        severity: 'error',
        object: 'DestinationRule/bookinfo/default',
        path: 'spec/trafficPolicy/tls/mode',
        line: lineOf(yaml, 'mode:'),
      },
    ]);
  });

  it.each([
    {
      name: 'a namespace PeerAuthentication enabling mTLS',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'PERMISSIVE' })}${nsWide()}`,
      count: 0,
    },
    {
      name: 'a mesh-wide PeerAuthentication enabling mTLS',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })}${nsWide()}`,
      count: 0,
    },
    {
      name: 'a PeerAuthentication of another namespace',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' })}${nsWide()}`,
      count: 1,
    },
    {
      name: 'a workload PeerAuthentication only',
      yaml: `${peerAuthentication({ name: 'r', namespace: 'bookinfo', mode: 'STRICT', app: 'reviews' })}${nsWide()}`,
      count: 1,
    },
    {
      name: 'a rule naming another namespace',
      yaml: destinationRule({
        name: 'x',
        namespace: 'bookinfo',
        host: '*.shop.svc.cluster.local',
        mode: 'ISTIO_MUTUAL',
      }),
      count: 0,
    },
    { name: 'a namespace-wide rule disabling TLS', yaml: nsWide('DISABLE'), count: 0 },
  ])('with auto mTLS off: $name', ({ yaml, count }) => {
    expect(findingsOf(yaml, withoutAutoMtls)).toHaveLength(count);
  });
});
