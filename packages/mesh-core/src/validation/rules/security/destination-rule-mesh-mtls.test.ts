import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const meshWide = (mode = 'ISTIO_MUTUAL'): string =>
  destinationRule({ name: 'default', namespace: 'istio-system', host: '*.local', mode });
const withoutAutoMtls = {
  codes: ['KIA0205'] as const,
  mesh: { autoMtls: false },
};

describe('KIA0205 mesh-wide ISTIO_MUTUAL DestinationRule without mesh-wide PeerAuthentication', () => {
  it('is not reported with auto mTLS on (Istio default): workloads accept mTLS anyway', () => {
    expect(findingsOf(meshWide(), { codes: ['KIA0205'] })).toEqual([]);
  });

  it('reports an error at the TLS mode with auto mTLS off', () => {
    const yaml = meshWide();
    expect(findingsOf(yaml, withoutAutoMtls)).toEqual([
      {
        code: 'KIA0205',
        severity: 'error',
        object: 'DestinationRule/istio-system/default',
        path: 'spec/trafficPolicy/tls/mode',
        line: lineOf(yaml, 'mode:'),
      },
    ]);
  });

  it.each([
    {
      name: 'a STRICT mesh-wide PeerAuthentication',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })}${meshWide()}`,
      count: 0,
    },
    {
      name: 'a PERMISSIVE mesh-wide PeerAuthentication',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'PERMISSIVE' })}${meshWide()}`,
      count: 0,
    },
    {
      name: 'only a DISABLE mesh-wide PeerAuthentication',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'DISABLE' })}${meshWide()}`,
      count: 1,
    },
    {
      name: 'only a workload PeerAuthentication in the root namespace',
      yaml: `${peerAuthentication({ name: 'gw', namespace: 'istio-system', mode: 'STRICT', app: 'gw' })}${meshWide()}`,
      count: 1,
    },
    {
      name: 'only a namespace PeerAuthentication elsewhere',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${meshWide()}`,
      count: 1,
    },
    { name: 'a mesh-wide rule that is not ISTIO_MUTUAL', yaml: meshWide('SIMPLE'), count: 0 },
    {
      name: 'a rule for other hosts',
      yaml: destinationRule({
        name: 'x',
        namespace: 'bookinfo',
        host: '*.bookinfo.svc.cluster.local',
        mode: 'ISTIO_MUTUAL',
      }),
      count: 0,
    },
  ])('with auto mTLS off: $name', ({ yaml, count }) => {
    expect(findingsOf(yaml, withoutAutoMtls)).toHaveLength(count);
  });
});
