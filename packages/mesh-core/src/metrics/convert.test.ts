import { describe, expect, it } from 'vitest';
import { metricsMapSchema } from '../api/metrics.ts';
import { formatSampleValue, metricsMapOf } from './convert.ts';
import { parseMetricsParams } from './params.ts';
import type { MetricsTarget } from './params.ts';
import { metricsQueries } from './queries.ts';

describe('formatSampleValue', () => {
  it.each([
    [0, '0'],
    [1.5, '1.5'],
    [-2, '-2'],
    [0.001, '0.001'],
    [1e-7, '0.0000001'],
    [-1.25e-9, '-0.00000000125'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('%s is written %s, as Go and Prometheus write it', (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
  });
});

describe('metricsMapOf', () => {
  const target: MetricsTarget = { kind: 'workload', namespace: 'default', name: 'productpage-v1' };
  const parsed = parseMetricsParams(
    new URLSearchParams(
      'filters[]=request_duration_millis&filters[]=request_count&filters[]=tcp_sent&quantiles[]=0.5&byLabels[]=destination_workload',
    ),
    { target, nowSec: 0 },
  );
  if (!parsed.ok) throw new Error('bad test parameters');
  const queries = metricsQueries(target, parsed.query, 60);

  it('answers each series with its labels and datapoints, histograms once per stat', () => {
    const map = metricsMapOf(
      queries,
      new Map([
        [
          'request_count',
          [
            {
              metric: { destination_workload: 'details-v1' },
              values: [[1000, 2] as const, [1015, 2.5] as const],
            },
            { metric: { destination_workload: 'reviews-v2' }, values: [[1000, 5] as const] },
          ],
        ],
        [
          'request_duration_millis:0.5',
          [{ metric: { destination_workload: 'reviews-v2' }, values: [[1000, 37.5] as const] }],
        ],
        [
          'request_duration_millis:avg',
          [{ metric: { destination_workload: 'reviews-v2' }, values: [[1000, Number.NaN] as const] }],
        ],
      ]),
    );
    expect(metricsMapSchema.parse(map)).toEqual(map);
    expect(Object.keys(map)).toEqual(['request_count', 'request_duration_millis', 'tcp_sent']);
    expect(map.request_count).toEqual([
      {
        labels: { destination_workload: 'details-v1' },
        datapoints: [
          [1000, '2'],
          [1015, '2.5'],
        ],
        name: 'request_count',
      },
      { labels: { destination_workload: 'reviews-v2' }, datapoints: [[1000, '5']], name: 'request_count' },
    ]);
    expect(map.request_duration_millis?.map((m) => [m.stat, m.datapoints])).toEqual([
      ['0.5', [[1000, '37.5']]],
      ['avg', [[1000, 'NaN']]],
    ]);
    // Asked for, without series: an empty list rather than nothing.
    expect(map.tcp_sent).toEqual([]);
    expect(JSON.stringify(map.request_count?.[1])).toBe(
      '{"labels":{"destination_workload":"reviews-v2"},"datapoints":[[1000,"5"]],"name":"request_count"}',
    );
  });
});
