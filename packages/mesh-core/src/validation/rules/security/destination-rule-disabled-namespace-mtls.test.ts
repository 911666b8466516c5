import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const disableNs = destinationRule({
  name: 'plain',
  namespace: 'bookinfo',
  host: '*.bookinfo.svc.cluster.local',
  mode: 'DISABLE',
});
const ns = (mode: string, name = 'default'): string =>
  peerAuthentication({ name, namespace: 'bookinfo', mode });
const mesh = (mode: string): string =>
  peerAuthentication({ name: 'default', namespace: 'istio-system', mode });
const codes = (yaml: string): string[] =>
  findingsOf(yaml, { codes: ['KIA0207', 'KIA0208'] }).map((f) => f.code);

describe('KIA0207 / KIA0208 namespace-wide DestinationRule disabling TLS against STRICT servers', () => {
  it('reports KIA0207 at the TLS mode when the namespace is STRICT', () => {
    const yaml = `${ns('STRICT')}${disableNs}`;
    expect(findingsOf(yaml, { codes: ['KIA0207'] })).toEqual([
      {
        code: 'KIA0207',
        severity: 'error',
        object: 'DestinationRule/bookinfo/plain',
        path: 'spec/trafficPolicy/tls/mode',
        line: lineOf(yaml, 'mode: DISABLE'),
      },
    ]);
  });

  it.each([
    { name: 'a PERMISSIVE namespace', yaml: `${ns('PERMISSIVE')}${disableNs}`, expected: [] },
    {
      name: 'a STRICT mesh and no namespace policy',
      yaml: `${mesh('STRICT')}${disableNs}`,
      expected: ['KIA0208'],
    },
    {
      name: 'a STRICT mesh and a DISABLE namespace',
      yaml: `${mesh('STRICT')}${ns('DISABLE')}${disableNs}`,
      expected: [],
    },
    {
      name: 'a STRICT mesh and a PERMISSIVE namespace',
      yaml: `${mesh('STRICT')}${ns('PERMISSIVE')}${disableNs}`,
      expected: [],
    },
    {
      name: 'a STRICT mesh and a STRICT namespace',
      yaml: `${mesh('STRICT')}${ns('STRICT')}${disableNs}`,
      expected: ['KIA0207'],
    },
    { name: 'a PERMISSIVE mesh', yaml: `${mesh('PERMISSIVE')}${disableNs}`, expected: [] },
    {
      name: 'the first enabling namespace policy decides',
      yaml: `${ns('PERMISSIVE', 'a')}${ns('STRICT', 'b')}${disableNs}`,
      expected: [],
    },
    {
      name: '`tls: {}` reads as DISABLE',
      yaml: `${ns('STRICT')}${destinationRule({ name: 'plain', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', trafficPolicy: '  trafficPolicy:\n    tls: {}\n' })}`,
      expected: ['KIA0207'],
    },
    {
      name: 'a rule for a single service',
      yaml: `${ns('STRICT')}${destinationRule({ name: 'r', namespace: 'bookinfo', host: 'reviews', mode: 'DISABLE' })}`,
      expected: [],
    },
  ])('$name', ({ yaml, expected }) => {
    expect(codes(yaml)).toEqual(expected);
  });
});
