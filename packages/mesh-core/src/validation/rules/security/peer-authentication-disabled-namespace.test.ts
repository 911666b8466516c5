import { describe, expect, it } from 'vitest';
import { destinationRule, mutual, peerAuthentication } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const nsDisable = peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'DISABLE' });
const nsRule = (name: string, mode: string): string =>
  destinationRule({ name, namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', mode });
const meshRule = (mode: string): string =>
  destinationRule({ name: 'mesh', namespace: 'istio-system', host: '*.local', mode });

describe('KIA0505 DISABLE namespace-wide PeerAuthentication while DestinationRules send mTLS', () => {
  it('reports an error at spec/mtls under a namespace-wide ISTIO_MUTUAL rule', () => {
    const yaml = `${nsDisable}${nsRule('d', 'ISTIO_MUTUAL')}`;
    expect(findingsOf(yaml, { codes: ['KIA0505'] })).toEqual([
      {
        code: 'KIA0505',
        severity: 'error',
        object: 'PeerAuthentication/bookinfo/default',
        path: 'spec/mtls',
        line: lineOf(yaml, 'mtls:'),
      },
    ]);
  });

  it.each([
    {
      name: 'a namespace-wide MUTUAL rule',
      yaml: `${nsDisable}${mutual('*.bookinfo.svc.cluster.local')}`,
      count: 1,
    },
    { name: 'a mesh-wide ISTIO_MUTUAL rule', yaml: `${nsDisable}${meshRule('ISTIO_MUTUAL')}`, count: 1 },
    {
      name: 'a mesh-wide ISTIO_MUTUAL rule overridden by a namespace-wide DISABLE one',
      yaml: `${nsDisable}${meshRule('ISTIO_MUTUAL')}${nsRule('d', 'DISABLE')}`,
      count: 0,
    },
    {
      name: 'the first deciding namespace-wide rule wins',
      yaml: `${nsDisable}${nsRule('a', 'DISABLE')}${nsRule('b', 'ISTIO_MUTUAL')}`,
      count: 0,
    },
    { name: 'no DestinationRule', yaml: nsDisable, count: 0 },
    {
      name: 'a STRICT namespace policy',
      yaml: `${peerAuthentication({ name: 'default', namespace: 'bookinfo', mode: 'STRICT' })}${nsRule('d', 'ISTIO_MUTUAL')}`,
      count: 0,
    },
    {
      name: 'a DISABLE workload policy',
      yaml: `${peerAuthentication({ name: 'r', namespace: 'bookinfo', mode: 'DISABLE', app: 'reviews' })}${nsRule('d', 'ISTIO_MUTUAL')}`,
      count: 0,
    },
  ])('$name', ({ yaml, count }) => {
    expect(findingsOf(yaml, { codes: ['KIA0505'] })).toHaveLength(count);
  });
});
