import { describe, expect, it } from 'vitest';
import { chartData, compactNumber, formatValue, statName } from './series.ts';

describe('chartData', () => {
  it('makes one column per series, named by stat and labels, gaps for NaN', () => {
    const data = chartData(
      [
        {
          metrics: [
            {
              name: 'request_duration_millis',
              stat: 'avg',
              labels: { source_workload: 'pp' },
              datapoints: [
                [1, '5'],
                [2, 'NaN'],
              ],
            },
            {
              name: 'request_duration_millis',
              stat: '0.95',
              labels: { source_workload: 'pp' },
              datapoints: [[2, '9.5']],
            },
          ],
        },
        {
          metrics: [{ name: 'request_error_count', labels: {}, datapoints: [[1, '+Inf']] }],
          prefix: 'errors',
        },
      ],
      ['source_workload'],
    );
    expect(data.series).toEqual([
      { key: 's0', name: 'avg pp', latest: 5 },
      { key: 's1', name: 'p95 pp', latest: 9.5 },
      { key: 's2', name: 'errors (none)', latest: undefined },
    ]);
    expect(data.rows).toEqual([
      { t: 1, s0: 5, s2: null },
      { t: 2, s0: null, s1: 9.5 },
    ]);
  });

  it.each([
    ['avg', 'avg'],
    ['0.5', 'p50'],
    ['0.999', 'p99.9'],
  ])('names stat %s %s', (stat, name) => {
    expect(statName(stat)).toBe(name);
  });

  it.each<[number, string, string]>([
    [1536, 'B/s', '1.5 kB/s'],
    [512, 'B', '512 B'],
    [1500, 'ms', '1.50 s'],
    [3.456, 'ms', '3.5 ms'],
    [3.456, 'rps', '3.46 rps'],
  ])('formats %d %s', (v, unit, text) => {
    expect(formatValue(v, unit)).toBe(text);
  });

  it.each<[number, string]>([
    [0, '0'],
    [0.25, '0.25'],
    [350, '350'],
    [2500, '2.5k'],
    [3_200_000, '3.2M'],
  ])('ticks %d as %s', (v, text) => {
    expect(compactNumber(v)).toBe(text);
  });
});
