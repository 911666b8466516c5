import { describe, expect, it } from 'vitest';
import type { GraphRequest } from './queries.ts';
import { graphQueryOptions, graphRequestPath } from './queries.ts';

const request: GraphRequest = {
  target: { kind: 'namespaces' },
  namespaces: ['default', 'istio-system'],
  graphType: 'versionedApp',
  durationSec: 300,
  boxNamespace: true,
  idleNodes: false,
  idleEdges: false,
  injectServiceNodes: true,
  responseTimeStat: 'rtPercentile99',
};

describe('graph requests', () => {
  it("asks with Kiali's parameters", () => {
    const url = new URL(graphRequestPath(request), 'http://x');
    expect(url.pathname).toBe('/api/namespaces/graph');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      namespaces: 'default,istio-system',
      graphType: 'versionedApp',
      duration: '300s',
      boxBy: 'namespace',
      includeIdleEdges: 'false',
      injectServiceNodes: 'true',
      responseTime: '99',
    });
    expect(url.searchParams.get('appenders')?.split(',')).not.toContain('idleNode');
  });

  it('asks for idle nodes only when they are shown', () => {
    const url = new URL(graphRequestPath({ ...request, idleNodes: true, boxNamespace: false }), 'http://x');
    expect(url.searchParams.get('appenders')?.split(',')).toContain('idleNode');
    expect(url.searchParams.has('boxBy')).toBe(false);
  });

  it('names no namespaces for a node graph, whose path has its own', () => {
    const url = new URL(
      graphRequestPath({ ...request, target: { kind: 'workload', namespace: 'ns', workload: 'w' } }),
      'http://x',
    );
    expect(url.pathname).toBe('/api/namespaces/ns/workloads/w/graph');
    expect(url.searchParams.has('namespaces')).toBe(false);
  });

  it('polls at the refresh interval and waits for a namespace', () => {
    expect(graphQueryOptions(request, 15_000).refetchInterval).toBe(15_000);
    expect(graphQueryOptions(request, 0).refetchInterval).toBe(false);
    expect(graphQueryOptions({ ...request, namespaces: [] }, 0).enabled).toBe(false);
  });
});
