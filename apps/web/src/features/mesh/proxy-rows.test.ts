import type { ProxySyncJson } from '@meshlens/mesh-core/api/mesh-status';
import { describe, expect, it } from 'vitest';
import { filterProxies, sortProxies } from './proxy-rows.ts';

const proxy = (pod: string, over: Partial<ProxySyncJson> = {}): ProxySyncJson => ({
  node: `sidecar~10.0.0.1~${pod}.bookinfo~bookinfo.svc.cluster.local`,
  namespace: 'bookinfo',
  workload: pod.replace(/-\d+$/, ''),
  pod,
  kind: 'sidecar',
  connected: true,
  state: 'Synced',
  sent: 'r2',
  acked: 'r2',
  ...over,
});
const ROWS = [
  proxy('reviews-v1-0'),
  proxy('ratings-v1-0', { state: 'Stale', acked: 'r1', lastNack: { revision: 'r2', error: 'bad route' } }),
  proxy('details-v1-0', { state: 'Not sent', sent: undefined, acked: undefined }),
  proxy('productpage-v1-0', { state: 'Stale', acked: 'r1' }),
  proxy('istio-ingressgateway-0', {
    namespace: 'istio-system',
    kind: 'gateway',
    workload: 'istio-ingressgateway',
  }),
];
const pods = (rows: readonly ProxySyncJson[]) => rows.map((p) => p.pod);

describe('filterProxies', () => {
  it.each([
    { f: { status: undefined, name: '' }, want: 5 },
    { f: { status: 'Stale' as const, name: '' }, want: ['ratings-v1-0', 'productpage-v1-0'] },
    { f: { status: 'NACK' as const, name: '' }, want: ['ratings-v1-0'] },
    { f: { status: 'Not sent' as const, name: '' }, want: ['details-v1-0'] },
    { f: { status: undefined, name: 'REVIEWS' }, want: ['reviews-v1-0'] },
    { f: { status: undefined, name: 'istio-system' }, want: ['istio-ingressgateway-0'] },
    { f: { status: 'Synced' as const, name: 'ratings' }, want: [] },
  ])('status $f.status, name "$f.name"', ({ f, want }) => {
    const got = pods(filterProxies(ROWS, f));
    if (typeof want === 'number') expect(got).toHaveLength(want);
    else expect(got).toEqual(want);
  });
});

describe('sortProxies', () => {
  it.each([
    {
      sort: { key: 'status', direction: 'asc' as const },
      want: ['ratings-v1-0', 'productpage-v1-0', 'details-v1-0', 'istio-ingressgateway-0', 'reviews-v1-0'],
    },
    {
      sort: { key: 'proxy', direction: 'desc' as const },
      want: ['reviews-v1-0', 'ratings-v1-0', 'productpage-v1-0', 'istio-ingressgateway-0', 'details-v1-0'],
    },
    {
      sort: { key: 'namespace', direction: 'desc' as const },
      want: ['istio-ingressgateway-0', 'details-v1-0', 'productpage-v1-0', 'ratings-v1-0', 'reviews-v1-0'],
    },
    {
      sort: { key: 'acked', direction: 'asc' as const },
      want: ['details-v1-0', 'productpage-v1-0', 'ratings-v1-0', 'istio-ingressgateway-0', 'reviews-v1-0'],
    },
  ])('$sort.key $sort.direction', ({ sort, want }) => {
    expect(pods(sortProxies(ROWS, sort))).toEqual(want);
  });
});
