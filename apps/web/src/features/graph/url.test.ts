import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_URL_STATE, readGraphUrlState, writeGraphUrlState } from './url.ts';

const read = (qs: string) => readGraphUrlState(new URLSearchParams(qs));

describe('readGraphUrlState', () => {
  it.each([
    ['', DEFAULT_GRAPH_URL_STATE],
    ['graphType=bogus&layout=grid&idleNodes=maybe', DEFAULT_GRAPH_URL_STATE],
  ])('falls back to Kiali defaults for %j', (qs, expected) => {
    expect(read(qs)).toEqual(expected);
  });

  it.each([
    ['graphType=workload', { graphType: 'workload' }],
    ['layout=cose', { layout: 'cose' }],
    ['layout=kiali-cose-bilkent', { layout: 'cose' }],
    ['layout=kiali-dagre', { layout: 'dagre' }],
    [
      'edges=trafficRate,responseTime,rtPercentile99',
      { edgeLabels: ['trafficRate', 'responseTime'], responseTimeStat: 'rtPercentile99' },
    ],
    ['edges=throughput,bogus,trafficDistribution', { edgeLabels: ['trafficDistribution', 'throughput'] }],
  ])('reads %s', (qs, expected) => {
    expect(read(qs)).toMatchObject(expected);
  });

  it('reads the display switches by their Kiali names', () => {
    const s = read(
      'idleNodes=true&idleEdges=true&boxNamespace=false&animation=true&badgeSecurity=true&badgeVS=false',
    );
    expect(s.flags).toMatchObject({
      idleNodes: true,
      idleEdges: true,
      boxNamespace: false,
      animation: true,
      badgeSecurity: true,
      badgeVS: false,
      badgeSidecar: true,
    });
  });
});

describe('writeGraphUrlState', () => {
  const write = (qs: string, patch: Parameters<typeof writeGraphUrlState>[1]) =>
    writeGraphUrlState(new URLSearchParams(qs), patch).toString();

  it('keeps the shared parameters and the selection', () => {
    expect(write('namespaces=default&duration=300&selected=node%3Aa', { graphType: 'app' })).toBe(
      'namespaces=default&duration=300&selected=node%3Aa&graphType=app',
    );
  });

  it('writes the response-time statistic after the labels, only with response time on', () => {
    expect(write('', { edgeLabels: ['responseTime', 'trafficRate'] })).toBe(
      `edges=${encodeURIComponent('trafficRate,responseTime,rtPercentile95')}`,
    );
    expect(write('edges=responseTime,rtAverage', { edgeLabels: ['throughput'] })).toBe('edges=throughput');
    expect(write('edges=responseTime', { responseTimeStat: 'rtPercentile50' })).toBe(
      `edges=${encodeURIComponent('responseTime,rtPercentile50')}`,
    );
    expect(write('edges=throughput', { edgeLabels: [] })).toBe('');
  });

  it('round-trips through read', () => {
    const params = writeGraphUrlState(new URLSearchParams(), {
      graphType: 'service',
      layout: 'cose',
      edgeLabels: ['responseTime'],
      responseTimeStat: 'rtAverage',
      flags: { animation: true, boxNamespace: false },
    });
    expect(readGraphUrlState(params)).toMatchObject({
      graphType: 'service',
      layout: 'cose',
      edgeLabels: ['responseTime'],
      responseTimeStat: 'rtAverage',
      flags: { animation: true, boxNamespace: false },
    });
  });
});
