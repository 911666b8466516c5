import { describe, expect, it } from 'vitest';
import { destinationRule } from './mtls-fixtures.test-support.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo' })}${workload({ name: 'ratings', namespace: 'shop' })}`;
const meshWide = destinationRule({
  name: 'mesh',
  namespace: 'istio-system',
  host: '*.local',
  mode: 'ISTIO_MUTUAL',
});
const bookinfoWide = destinationRule({
  name: 'ns',
  namespace: 'bookinfo',
  host: '*.bookinfo.svc.cluster.local',
  mode: 'ISTIO_MUTUAL',
});
const loadBalancing = '  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n';
const reviews = (trafficPolicy = loadBalancing, host = 'reviews'): string =>
  destinationRule({ name: 'reviews', namespace: 'bookinfo', host, trafficPolicy });

const reported = (yaml: string): string[] =>
  findingsOf(`${mesh}${yaml}`, { codes: ['KIA0204'] }).map((f) => f.object);

describe('KIA0204 DestinationRule overriding mesh or namespace mTLS', () => {
  it('warns on a rule without TLS under the mesh-wide ISTIO_MUTUAL rule', () => {
    const yaml = `${mesh}${meshWide}${reviews()}`;
    expect(findingsOf(yaml, { codes: ['KIA0204'] })).toEqual([
      {
        code: 'KIA0204',
        severity: 'warning',
        object: 'DestinationRule/bookinfo/reviews',
        path: 'spec/trafficPolicy',
        line: lineOf(yaml, 'trafficPolicy:', 1),
      },
    ]);
  });

  it.each([
    {
      name: 'namespace-wide ISTIO_MUTUAL of the host namespace',
      yaml: `${bookinfoWide}${reviews()}`,
      expected: ['DestinationRule/bookinfo/reviews'],
    },
    {
      name: 'no trafficPolicy at all',
      yaml: `${meshWide}${reviews('')}`,
      expected: ['DestinationRule/bookinfo/reviews'],
    },
    {
      name: 'an FQDN host of the covered namespace, from another namespace',
      yaml: `${bookinfoWide}${destinationRule({ name: 'reviews', namespace: 'shop', host: 'reviews.bookinfo.svc.cluster.local', trafficPolicy: loadBalancing })}`,
      expected: ['DestinationRule/shop/reviews'],
    },
    {
      name: 'another rule with ISTIO_MUTUAL for the same FQDN',
      yaml: `${destinationRule({ name: 'strict', namespace: 'shop', host: 'reviews.bookinfo.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}${reviews()}`,
      expected: ['DestinationRule/bookinfo/reviews'],
    },
    {
      name: 'rules that set TLS themselves',
      yaml: `${meshWide}${reviews('  trafficPolicy:\n    tls:\n      mode: DISABLE\n')}`,
      expected: [],
    },
    {
      name: 'rules that set TLS on a port',
      yaml: `${meshWide}${reviews('  trafficPolicy:\n    portLevelSettings:\n    - port:\n        number: 9080\n      tls:\n        mode: SIMPLE\n')}`,
      expected: [],
    },
    {
      name: 'a namespace-wide rule of another namespace',
      yaml: `${destinationRule({ name: 'ns', namespace: 'shop', host: '*.shop.svc.cluster.local', mode: 'ISTIO_MUTUAL' })}${reviews()}`,
      expected: [],
    },
    {
      name: 'a mesh-wide rule that does not use ISTIO_MUTUAL',
      yaml: `${destinationRule({ name: 'mesh', namespace: 'istio-system', host: '*.local', mode: 'SIMPLE' })}${reviews()}`,
      expected: [],
    },
    {
      name: 'a mesh-wide rule not exported here',
      yaml: `${destinationRule({ name: 'mesh', namespace: 'istio-system', host: '*.local', mode: 'ISTIO_MUTUAL', exportTo: '["."]' })}${reviews()}`,
      expected: [],
    },
    { name: 'rules without any mTLS rule around', yaml: reviews(), expected: [] },
  ])('$name', ({ yaml, expected }) => {
    expect(reported(yaml)).toEqual(expected);
  });
});
