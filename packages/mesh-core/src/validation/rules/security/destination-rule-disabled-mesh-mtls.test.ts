import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const meshPlain = (mode = 'DISABLE'): string =>
  destinationRule({ name: 'default', namespace: 'istio-system', host: '*.local', mode });
const mesh = (mode: string, app?: string): string =>
  peerAuthentication({ name: app ?? 'default', namespace: 'istio-system', mode, ...(app ? { app } : {}) });

describe('KIA0208 mesh-wide DestinationRule disabling TLS against a STRICT mesh', () => {
  it('reports an error at the TLS mode', () => {
    const yaml = `${mesh('STRICT')}${meshPlain()}`;
    expect(findingsOf(yaml, { codes: ['KIA0208'] })).toEqual([
      {
        code: 'KIA0208',
        severity: 'error',
        object: 'DestinationRule/istio-system/default',
        path: 'spec/trafficPolicy/tls/mode',
        line: lineOf(yaml, 'mode: DISABLE'),
      },
    ]);
  });

  it.each([
    { name: 'a PERMISSIVE mesh', yaml: `${mesh('PERMISSIVE')}${meshPlain()}`, count: 0 },
    { name: 'no mesh-wide policy', yaml: meshPlain(), count: 0 },
    { name: 'a STRICT workload policy only', yaml: `${mesh('STRICT', 'gw')}${meshPlain()}`, count: 0 },
    {
      name: 'a mesh-wide rule sending mTLS',
      yaml: `${mesh('STRICT')}${meshPlain('ISTIO_MUTUAL')}`,
      count: 0,
    },
    {
      name: 'a STRICT namespace (not mesh) policy',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${meshPlain()}`,
      count: 0,
    },
  ])('$name', ({ yaml, count }) => {
    expect(findingsOf(yaml, { codes: ['KIA0208'] })).toHaveLength(count);
  });
});
