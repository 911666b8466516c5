import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from './definitions.ts';
import type { MetricsTarget } from './params.ts';
import { DEFAULT_METRICS_QUERY, parseMetricsParams } from './params.ts';
import { metricsRange } from './range.ts';

const NOW = 1_700_000_000;
const workload: MetricsTarget = { kind: 'workload', namespace: 'default', name: 'reviews-v1' };
const service: MetricsTarget = { kind: 'service', namespace: 'default', name: 'reviews' };

const parse = (query: string, target: MetricsTarget = workload) =>
  parseMetricsParams(new URLSearchParams(query), { target, nowSec: NOW });

describe('parseMetricsParams', () => {
  it('fills in Kiali’s defaults when nothing is given', () => {
    expect(parse('')).toEqual({
      ok: true,
      query: {
        metrics: METRIC_NAMES,
        direction: 'outbound',
        reporter: 'source',
        includeAmbient: false,
        rateIntervalSec: 60,
        rateFunc: 'rate',
        queryTimeSec: NOW,
        durationSec: 1800,
        stepSec: 15,
        quantiles: [],
        avg: true,
        byLabels: [],
      },
    });
    expect(DEFAULT_METRICS_QUERY.reporter).toBe('source');
  });

  it('reads every parameter, repeated ones in full and the others by their first value', () => {
    const result = parse(
      'filters[]=request_duration_millis&filters[]=request_count&direction=inbound&direction=outbound' +
        '&reporter=destination&includeAmbient=true&requestProtocol=grpc&clusterName=east&rateInterval=5m' +
        '&rateFunc=irate&queryTime=1600000000&duration=600&step=30&quantiles[]=0.5&quantiles[]=0.99' +
        '&quantiles[]=0.5&avg=false&byLabels[]=destination_workload&byLabels[]=response_code',
    );
    expect(result).toEqual({
      ok: true,
      query: {
        // Kiali's order, whatever the order asked in.
        metrics: ['request_count', 'request_duration_millis'],
        direction: 'inbound',
        reporter: 'destination',
        includeAmbient: true,
        requestProtocol: 'grpc',
        cluster: 'east',
        rateIntervalSec: 300,
        rateFunc: 'irate',
        queryTimeSec: 1_600_000_000,
        durationSec: 600,
        stepSec: 30,
        quantiles: ['0.5', '0.99'],
        avg: false,
        byLabels: ['destination_workload', 'response_code'],
      },
    });
  });

  it.each([
    ['filters[]=request_count&filters[]=requests', 'filters[]', 'unknown metric(s) [requests]'],
    ['direction=sideways', 'direction', "'direction' must be either 'inbound' or 'outbound'"],
    ['reporter=proxy', 'reporter', "'reporter' must be one of"],
    ['includeAmbient=yes', 'includeAmbient', "'includeAmbient' must be either 'true' or 'false'"],
    ['rateInterval=soon', 'rateInterval', 'invalid rateInterval [soon]'],
    ['rateInterval=500ms', 'rateInterval', 'invalid rateInterval [500ms]'],
    ['rateFunc=increase', 'rateFunc', "'rateFunc' must be either 'rate' or 'irate'"],
    ['queryTime=yesterday', 'queryTime', "cannot parse query parameter 'queryTime'"],
    ['duration=1h', 'duration', "cannot parse query parameter 'duration'"],
    ['duration=0', 'duration', "cannot parse query parameter 'duration'"],
    ['step=0', 'step', "cannot parse query parameter 'step'"],
    ['step=1.5', 'step', "cannot parse query parameter 'step'"],
    ['duration=86400&step=1', 'step', 'has 86401 points; Prometheus allows 11000'],
    ['quantiles[]=p99', 'quantiles[]', "cannot parse query parameter 'quantiles', float expected"],
    ['quantiles[]=1.5', 'quantiles[]', 'should be between 0 and 1'],
    ['avg=maybe', 'avg', "cannot parse query parameter 'avg'"],
    ['byLabels[]=app)%20or%20vector(1', 'byLabels[]', 'not label names'],
  ])('refuses %s, naming %s', (query, param, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.param).toBe(param);
    expect(result.problems[0]?.message).toContain(message);
  });

  it('reports every bad parameter at once', () => {
    const result = parse('direction=up&reporter=me&step=-1');
    expect(result.ok ? [] : result.problems.map((p) => p.param)).toEqual(['direction', 'reporter', 'step']);
  });

  it('answers services inbound only', () => {
    expect(parse('direction=inbound', service).ok).toBe(true);
    const outbound = parse('', service);
    expect(outbound.ok ? undefined : outbound.problems[0]).toEqual({
      param: 'direction',
      message: "bad request, only 'inbound' direction is allowed for kind 'service'",
    });
  });
});

describe('metricsRange', () => {
  const query = { queryTimeSec: 10_000, durationSec: 1800, stepSec: 15, rateIntervalSec: 60 };

  it.each([
    ['no creation time known', undefined, { startSec: 8190, rateIntervalSec: 60 }],
    ['a namespace older than the range', 1000, { startSec: 8190, rateIntervalSec: 60 }],
    // The range starts one window after the creation, rounded down to the step.
    ['a namespace created within the range', 9000, { startSec: 9060, rateIntervalSec: 60 }],
    ['a namespace created within the first window', 9970, { startSec: 9990, rateIntervalSec: 30 }],
  ])('bounds the range for %s', (_name, created, expected) => {
    expect(metricsRange(query, created)).toEqual({
      ok: true,
      range: { endSec: 10_000, stepSec: 15, ...expected },
    });
  });

  it('refuses a query time when the namespace did not exist yet', () => {
    expect(metricsRange(query, 10_000)).toMatchObject({ ok: false, param: 'queryTime' });
    expect(metricsRange(query, 20_000)).toMatchObject({ ok: false, param: 'queryTime' });
  });
});
