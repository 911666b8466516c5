import { describe, expect, it } from 'vitest';
import { destinationRule, mutual, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const meshDisable = peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'DISABLE' });
const meshRule = (mode: string): string =>
  destinationRule({ name: 'mesh', namespace: 'istio-system', host: '*.local', mode });

describe('KIA0506 DISABLE mesh-wide PeerAuthentication while the mesh-wide DestinationRule sends mTLS', () => {
  it('reports an error at spec/mtls', () => {
    const yaml = `${meshDisable}${meshRule('ISTIO_MUTUAL')}`;
    expect(findingsOf(yaml, { codes: ['KIA0506'] })).toEqual([
      {
        code: 'KIA0506',
        severity: 'error',
        object: 'PeerAuthentication/istio-system/default',
        path: 'spec/mtls',
        line: lineOf(yaml, 'mtls:'),
      },
    ]);
  });

  it.each([
    { name: 'a mesh-wide MUTUAL rule', yaml: `${meshDisable}${mutual('*.local')}`, count: 1 },
    { name: 'a mesh-wide DISABLE rule', yaml: `${meshDisable}${meshRule('DISABLE')}`, count: 0 },
    {
      name: 'no mesh-wide rule',
      yaml: `${meshDisable}${destinationRule({ name: 'ns', namespace: 'istio-system', host: '*.istio-system.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}`,
      count: 0,
    },
    {
      name: 'a PERMISSIVE mesh policy',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'PERMISSIVE' })}${meshRule('ISTIO_MUTUAL')}`,
      count: 0,
    },
    {
      name: 'a DISABLE namespace policy outside the root namespace (KIA0505)',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'DISABLE' })}${meshRule('ISTIO_MUTUAL')}`,
      count: 0,
    },
  ])('$name', ({ yaml, count }) => {
    expect(findingsOf(yaml, { codes: ['KIA0506'] })).toHaveLength(count);
  });
});
