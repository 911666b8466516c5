import { describe, it } from 'vitest';
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Policy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
const dr = (spec: Partial<DestinationRuleSpec>) => istio('DestinationRule', { host: 'reviews', ...spec });
const policy = (trafficPolicy: Policy) => ({ trafficPolicy });
const tp = (rest: string) => `spec/trafficPolicy/${rest}`;

describe('DestinationRule admission: load balancing', () => {
  const invalid: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    {
      name: 'simple and consistent hash',
      spec: policy({ loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } }),
      path: tp('loadBalancer'),
      mentions: 'simple or consistentHash',
    },
    {
      name: 'two hash keys',
      spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, httpHeaderName: 'x-user' } } }),
      path: tp('loadBalancer/consistentHash'),
      mentions: 'httpHeaderName',
    },
    {
      name: 'a cookie without name',
      spec: policy({ loadBalancer: { consistentHash: { httpCookie: { name: '' } } } }),
      path: tp('loadBalancer/consistentHash/httpCookie/name'),
      mentions: 'httpCookie',
    },
    {
      name: 'ring hash and maglev',
      spec: policy({
        loadBalancer: { consistentHash: { useSourceIp: true, ringHash: {}, maglev: { tableSize: 65537 } } },
      }),
      path: tp('loadBalancer/consistentHash'),
      mentions: 'maglev',
    },
    {
      name: 'a maglev table that is not prime',
      spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 1000 } } } }),
      path: tp('loadBalancer/consistentHash/maglev/tableSize'),
      mentions: 'prime',
    },
    {
      name: 'a maglev table without size',
      spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: {} } } }),
      path: tp('loadBalancer/consistentHash/maglev/tableSize'),
      mentions: 'tableSize',
    },
    {
      name: 'minimumRingSize with ringHash',
      spec: policy({
        loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 1024, ringHash: {} } },
      }),
      path: tp('loadBalancer/consistentHash/minimumRingSize'),
      mentions: 'ringHash',
    },
    {
      name: 'distribute and failover',
      spec: policy({
        loadBalancer: {
          localityLbSetting: {
            distribute: [{ from: 'a/*', to: { 'b/*': 100 } }],
            failover: [{ from: 'a', to: 'b' }],
          },
        },
      }),
      path: tp('loadBalancer/localityLbSetting'),
      mentions: 'failover',
    },
    {
      name: 'distribute weights not totalling 100',
      spec: policy({
        loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'b/*': 60, 'c/*': 30 } }] } },
      }),
      path: tp('loadBalancer/localityLbSetting/distribute[0]/to'),
      mentions: '90',
    },
    {
      name: 'failover to the same region',
      spec: policy({
        outlierDetection: {},
        loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } },
      }),
      path: tp('loadBalancer/localityLbSetting/failover[0]'),
      mentions: 'different regions',
    },
    {
      name: 'a warmup aggression below 1',
      spec: policy({ loadBalancer: { warmup: { duration: '10s', aggression: 0.5 } } }),
      path: tp('loadBalancer/warmup/aggression'),
      mentions: 'aggression',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    {
      name: 'a consistent hash without key',
      spec: policy({ loadBalancer: { consistentHash: { ringHash: { minimumRingSize: 1024 } } } }),
      code: 'ML0006',
      path: tp('loadBalancer/consistentHash'),
      mentions: 'hash key',
    },
    {
      name: 'failover without outlier detection',
      spec: policy({ loadBalancer: { localityLbSetting: { failover: [{ from: 'a', to: 'b' }] } } }),
      code: 'ML0006',
      path: tp('loadBalancer/localityLbSetting'),
      mentions: 'outlierDetection',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const accepted: { name: string; spec: Partial<DestinationRuleSpec> }[] = [
    {
      name: 'maglev with a prime table',
      spec: policy({
        loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } },
      }),
    },
    {
      name: 'locality distribution',
      spec: policy({
        loadBalancer: {
          localityLbSetting: {
            enabled: true,
            distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }],
          },
        },
      }),
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(dr(spec));
  });
});
