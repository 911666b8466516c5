import type { GraphJson } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import type { DetailTarget } from './queries.ts';
import { trafficSummary } from './traffic.ts';

const n = (id: string, nodeType: 'service' | 'workload', extra: Record<string, string> = {}) => ({
  data: { id, nodeType, cluster: 'Kubernetes', namespace: 'bookinfo', healthData: null, ...extra },
});
const e = (id: string, source: string, target: string, rates: Record<string, string>, protocol = 'http') => ({
  data: { id, source, target, traffic: { protocol, rates } },
});

// productpage → reviews (service) → reviews-v1, reviews-v2 → ratings (service) → ratings-v1; and tcp to mongo.
const GRAPH: GraphJson = {
  timestamp: 0,
  duration: 60,
  graphType: 'workload',
  elements: {
    nodes: [
      n('pp', 'workload', { workload: 'productpage-v1', app: 'productpage' }),
      n('rs', 'service', { service: 'reviews' }),
      n('r1', 'workload', { workload: 'reviews-v1', app: 'reviews' }),
      n('r2', 'workload', { workload: 'reviews-v2', app: 'reviews' }),
      n('ras', 'service', { service: 'ratings' }),
      n('mongo', 'service', { service: 'mongodb' }),
    ],
    edges: [
      e('1', 'pp', 'rs', { http: '10.00', httpPercentErr: '10.0' }),
      e('2', 'rs', 'r1', { http: '6.00', httpPercentErr: '0' }),
      e('3', 'rs', 'r2', { http: '4.00', httpPercentErr: '25.0' }),
      e('4', 'r1', 'ras', { http: '1.00' }),
      e('5', 'r2', 'ras', { http: '3.00', httpPercentErr: '50.0' }),
      e('6', 'r2', 'mongo', { tcp: '1200.00' }, 'tcp'),
    ],
  },
};

const peers = (target: DetailTarget) => {
  const s = trafficSummary(GRAPH, target);
  const fmt = (p: (typeof s.inbound)[number]) => [p.name, p.protocol, p.rate, p.successPct];
  return { inbound: s.inbound.map(fmt), outbound: s.outbound.map(fmt) };
};

describe('trafficSummary', () => {
  it.each<[DetailTarget, { inbound: unknown[]; outbound: unknown[] }]>([
    [
      { kind: 'service', namespace: 'bookinfo', name: 'reviews' },
      {
        inbound: [['productpage-v1', 'http', 10, 90]],
        outbound: [
          ['reviews-v1', 'http', 6, 100],
          ['reviews-v2', 'http', 4, 75],
        ],
      },
    ],
    [
      // The app's workloads are one: edges between them and its service are summed per peer.
      { kind: 'app', namespace: 'bookinfo', name: 'reviews' },
      {
        inbound: [['reviews', 'http', 10, 90]],
        outbound: [
          ['mongodb', 'tcp', 1200, undefined],
          ['ratings', 'http', 4, 62.5],
        ],
      },
    ],
    [
      { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' },
      {
        inbound: [['reviews', 'http', 4, 75]],
        outbound: [
          ['mongodb', 'tcp', 1200, undefined],
          ['ratings', 'http', 3, 50],
        ],
      },
    ],
    [
      { kind: 'workload', namespace: 'other', name: 'reviews-v2' },
      { inbound: [], outbound: [] },
    ],
  ])('%o', (target, expected) => {
    expect(peers(target)).toEqual(expected);
  });
});
