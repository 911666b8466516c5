import type { GraphEdgeData, GraphNodeData } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import type { EdgeMetrics } from './format.ts';
import {
  edgeCells,
  edgeLabel,
  edgeMetrics,
  formatByteRate,
  formatDuration,
  listNodeRate,
  nodeName,
  nodeRates,
  trimFixed,
} from './format.ts';

const node = (d: Partial<GraphNodeData>): GraphNodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'c',
  namespace: 'default',
  healthData: null,
  ...d,
});

const metrics = (m: Partial<EdgeMetrics>): EdgeMetrics => ({
  protocol: 'http',
  rate: 0,
  percentErr: 0,
  percentReq: 0,
  responseTimeMs: 0,
  throughputBytesPerSec: 0,
  mtlsPercent: 0,
  hasTraffic: (m.rate ?? 0) > 0,
  ...m,
});

describe('nodeName', () => {
  it.each([
    [node({ app: 'reviews', version: 'v2' }), 'versionedApp', 'reviews v2'],
    [node({ app: 'reviews', version: 'v2' }), 'app', 'reviews'],
    [node({ app: 'reviews', version: 'unknown' }), 'versionedApp', 'reviews'],
    [node({ nodeType: 'workload', workload: 'reviews-v1', app: 'reviews' }), 'workload', 'reviews-v1'],
    [node({ nodeType: 'service', service: 'ratings', app: 'ratings' }), 'versionedApp', 'ratings'],
    [node({ nodeType: 'unknown', namespace: 'unknown' }), 'workload', 'unknown'],
  ] as const)('names %j in a %s graph', (n, graphType, expected) => {
    expect(nodeName(n, graphType)).toBe(expected);
  });
});

describe("Kiali's number formatting", () => {
  it.each([
    ['3.50', '3.5'],
    ['2.00', '2'],
    ['10', '10'],
    ['0.10', '0.1'],
  ])('trimFixed(%s) = %s', (input, expected) => {
    expect(trimFixed(input)).toBe(expected);
  });

  it.each([
    [5, '5ms'],
    [999.4, '999ms'],
    [1500, '1.5s'],
    [2000, '2s'],
  ])('formatDuration(%d) = %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    [0.5, false, '0.5'],
    [512, true, '512 bps'],
    [2048, true, '2 kps'],
    [1536, false, '1.5'],
  ])('formatByteRate(%d, units %s) = %s', (n, units, expected) => {
    expect(formatByteRate(n, { units })).toBe(expected);
  });
});

describe('edgeLabel', () => {
  it.each([
    [metrics({ rate: 3.2 }), ['trafficRate'], '3.2'],
    [metrics({ rate: 3.2 }), ['trafficRate', 'responseTime'], '3.2 rps'],
    [metrics({ rate: 3.2, percentErr: 25 }), ['trafficRate'], '3.2\n25% err'],
    [metrics({ rate: 3.2, percentErr: 0.5 }), ['trafficRate'], '3.2\n0.5% err'],
    [metrics({ protocol: 'tcp', rate: 2048 }), ['trafficRate'], '2'],
    [metrics({ rate: 1, responseTimeMs: 24 }), ['responseTime'], '24ms'],
    [metrics({ rate: 1, throughputBytesPerSec: 3000 }), ['throughput', 'trafficRate'], '1 rps\n2.93 kps'],
    [metrics({ rate: 1, percentReq: 50 }), ['trafficDistribution'], '50%'],
    // Kiali leaves out a 100% distribution: the only edge of its source says nothing.
    [metrics({ rate: 1, percentReq: 100 }), ['trafficDistribution'], ''],
    [metrics({ rate: 3.2, responseTimeMs: 12 }), [], ''],
  ] as const)('labels %j with %j as %j', (m, labels, expected) => {
    expect(edgeLabel(m, labels)).toBe(expected);
  });
});

describe('accessible list cells', () => {
  const edge = (traffic: GraphEdgeData['traffic'], extra: Partial<GraphEdgeData> = {}): GraphEdgeData => ({
    id: 'e',
    source: 'a',
    target: 'b',
    traffic,
    ...extra,
  });

  it('shows HTTP rates with two decimals, shares and errors in percent, response time in ms', () => {
    const m = edgeMetrics(
      edge(
        { protocol: 'http', rates: { http: '3.2', httpPercentReq: '17.5', httpPercentErr: '1.5' } },
        { responseTime: '10' },
      ),
    );
    expect(edgeCells(m)).toEqual({
      protocol: 'HTTP',
      rate: '3.20',
      percentOfSource: '17.5%',
      percentErrors: '1.5%',
      responseTime: '10 ms',
    });
  });

  it('shows TCP rates in bytes per second and no request percentages', () => {
    expect(edgeCells(edgeMetrics(edge({ protocol: 'tcp', rates: { tcp: '512' } })))).toEqual({
      protocol: 'TCP',
      rate: '512.00 B/s',
      percentOfSource: '—',
      percentErrors: '—',
      responseTime: '—',
    });
  });

  it.each([
    [{ protocol: 'http', rates: { httpIn: '1.5', httpOut: '0.25' } }, '1.50', '0.25'],
    [{ protocol: 'tcp', rates: { tcpIn: '100' } }, '100.00 B/s', '0.00 B/s'],
  ])('node rates of %j', (traffic, inbound, outbound) => {
    const rates = nodeRates(node({ traffic: [traffic] }));
    expect([listNodeRate(rates, 'in'), listNodeRate(rates, 'out')]).toEqual([inbound, outbound]);
  });

  it('shows a dash for a node without traffic', () => {
    expect(listNodeRate(nodeRates(node({})), 'in')).toBe('—');
  });
});
