import { describe, expect, it } from 'vitest';
import { parseGraphParams } from './options.ts';

const NOW = 1_700_000_000;

describe('parseGraphParams', () => {
  it('applies Kiali’s defaults', () => {
    expect(parseGraphParams({ namespaces: 'bookinfo' }, NOW)).toEqual({
      ok: true,
      options: {
        namespaces: ['bookinfo'],
        graphType: 'workload',
        durationSec: 600,
        queryTimeSec: NOW,
        boxBy: [],
        includeIdleEdges: false,
        injectServiceNodes: false,
        rates: { grpc: 'requests', http: 'requests', tcp: 'sent' },
        responseTime: '95',
        throughputType: 'response',
        appenders: 'all',
      },
    });
  });

  it('reads every parameter', () => {
    const result = parseGraphParams(
      {
        namespaces: 'bookinfo, default',
        graphType: 'versionedApp',
        duration: '1h',
        queryTime: '1690000000',
        boxBy: 'app,namespace',
        includeIdleEdges: 'true',
        injectServiceNodes: '1',
        rateGrpc: 'total',
        rateHttp: 'none',
        rateTcp: 'received',
        responseTime: 'avg',
        throughputType: 'request',
        appenders: 'deadNode, health',
      },
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      options: {
        namespaces: ['bookinfo', 'default'],
        graphType: 'versionedApp',
        durationSec: 3600,
        queryTimeSec: 1690000000,
        boxBy: ['app', 'namespace'],
        includeIdleEdges: true,
        injectServiceNodes: true,
        rates: { grpc: 'total', http: 'none', tcp: 'received' },
        responseTime: 'avg',
        throughputType: 'request',
        appenders: ['deadNode', 'health'],
      },
    });
  });

  it('always injects service nodes into a service graph', () => {
    const result = parseGraphParams(
      { namespaces: 'a', graphType: 'service', injectServiceNodes: 'false' },
      NOW,
    );
    expect(result.ok && result.options.injectServiceNodes).toBe(true);
  });

  it('reads an empty appenders list as no appenders', () => {
    const result = parseGraphParams({ namespaces: 'a', appenders: '' }, NOW);
    expect(result.ok && result.options.appenders).toEqual([]);
  });

  it.each([
    [
      { namespaces: ' , ' },
      'namespaces',
      'At least one namespace must be specified via the namespaces query parameter.',
    ],
    [{ graphType: 'graph' }, 'graphType', 'Invalid graphType [graph]'],
    [{ duration: '10 minutes' }, 'duration', 'Invalid duration [10 minutes]'],
    [{ queryTime: 'now' }, 'queryTime', 'Invalid queryTime [now]'],
    [{ boxBy: 'pod' }, 'boxBy', 'Invalid boxBy [pod]'],
    [{ includeIdleEdges: 'yes' }, 'includeIdleEdges', 'Invalid includeIdleEdges [yes]'],
    [{ rateHttp: 'sent' }, 'rateHttp', 'Invalid HTTP Rate [sent]'],
    [{ rateTcp: 'requests' }, 'rateTcp', 'Invalid TCP Rate [requests]'],
    [{ rateGrpc: 'x' }, 'rateGrpc', 'Invalid gRPC Rate [x]'],
    [
      { responseTime: '90' },
      'responseTime',
      'Invalid responseTime, must be one of: avg | 50 | 95 | 99: [90]',
    ],
    [
      { throughputType: 'both' },
      'throughputType',
      'Invalid throughputType, expecting one of (request, response). [both]',
    ],
    [{ appenders: 'deadNode,bogus' }, 'appenders', 'Invalid appender [bogus]'],
  ] as const)('refuses %j naming %s', (params, param, message) => {
    const result = parseGraphParams({ namespaces: 'bookinfo', ...params }, NOW);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContainEqual({ param, message });
  });
});
