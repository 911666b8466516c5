import { describe, it } from 'vitest';
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Policy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
const dr = (spec: Partial<DestinationRuleSpec>) => istio('DestinationRule', { host: 'reviews', ...spec });
const policy = (trafficPolicy: Policy) => ({ trafficPolicy });

describe('DestinationRule admission', () => {
  const invalid: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    { name: 'an invalid host', spec: { host: 'reviews..svc' }, path: 'spec/host', mentions: 'host' },
    {
      name: 'duplicate subset names',
      spec: { subsets: [{ name: 'v1' }, { name: 'v1' }] },
      path: 'spec/subsets[1]/name',
      mentions: 'duplicates subset name "v1"',
    },
    {
      name: 'a subset name that is not a label',
      spec: { subsets: [{ name: 'v1.0' }] },
      path: 'spec/subsets[0]/name',
      mentions: 'subset',
    },
    {
      name: 'an empty subset name',
      spec: { subsets: [{ name: '' }] },
      path: 'spec/subsets[0]/name',
      mentions: 'empty',
    },
    {
      name: 'an invalid subset label value',
      spec: { subsets: [{ name: 'v1', labels: { version: 'v 1' } }] },
      path: 'spec/subsets[0]/labels/version',
      mentions: 'label value',
    },
    {
      name: 'an empty traffic policy',
      spec: policy({}),
      path: 'spec/trafficPolicy',
      mentions: 'at least one field',
    },
    {
      name: 'an empty subset traffic policy',
      spec: { subsets: [{ name: 'v1', trafficPolicy: {} }] },
      path: 'spec/subsets[0]/trafficPolicy',
      mentions: 'trafficPolicy',
    },
    {
      name: 'exportTo beyond the namespace with a selector',
      spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['other'] },
      path: 'spec/exportTo',
      mentions: 'workload selector',
    },
    {
      name: 'two exportTo entries with a selector',
      spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.', 'other'] },
      path: 'spec/exportTo',
      mentions: 'multiple',
    },
    {
      name: 'a wildcard in the selector',
      spec: { workloadSelector: { matchLabels: { app: 'rev*' } } },
      path: 'spec/workloadSelector/matchLabels/app',
      mentions: 'wildcard',
    },
    {
      name: 'a duplicate exportTo',
      spec: { exportTo: ['a', 'a'] },
      path: 'spec/exportTo[1]',
      mentions: 'duplicate',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    {
      name: 'a selector without labels',
      spec: { workloadSelector: {} },
      code: 'ML0006',
      path: 'spec/workloadSelector/matchLabels',
      mentions: 'without labels',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const accepted: { name: string; spec: Partial<DestinationRuleSpec> }[] = [
    {
      name: 'subsets with labels',
      spec: {
        subsets: [
          { name: 'v1', labels: { version: 'v1', 'app.kubernetes.io/name': 'r' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    },
    { name: 'a wildcard host', spec: { host: '*.example.com' } },
    {
      name: 'a selector kept in its namespace',
      spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.'] },
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(dr(spec));
  });
});
