import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import { nodeTarget, targetApiPath, targetPagePath } from './node-graph.ts';

const node = (d: Partial<GraphNodeData>): GraphNodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'c',
  namespace: 'bookinfo',
  healthData: null,
  ...d,
});

describe('double-click opens the node graph', () => {
  it.each([
    [
      node({ app: 'reviews', version: 'v2' }),
      'versionedApp',
      '/graph/node/namespaces/bookinfo/applications/reviews/versions/v2',
    ],
    [node({ app: 'reviews', version: 'v2' }), 'app', '/graph/node/namespaces/bookinfo/applications/reviews'],
    [
      node({ nodeType: 'box', isBox: 'app', app: 'reviews' }),
      'versionedApp',
      '/graph/node/namespaces/bookinfo/applications/reviews',
    ],
    [
      node({ nodeType: 'workload', workload: 'reviews-v1' }),
      'workload',
      '/graph/node/namespaces/bookinfo/workloads/reviews-v1',
    ],
    [
      node({ nodeType: 'service', service: 'a b' }),
      'service',
      '/graph/node/namespaces/bookinfo/services/a%20b',
    ],
  ] as const)('%j in %s → %s', (n, graphType, path) => {
    const target = nodeTarget(n, graphType);
    expect(target === undefined ? undefined : targetPagePath(target)).toBe(path);
  });

  it.each([
    node({ nodeType: 'unknown', namespace: 'unknown' }),
    node({ nodeType: 'box', isBox: 'namespace' }),
    node({ app: 'x', isInaccessible: true }),
  ])('opens nothing for %j', (n) => {
    expect(nodeTarget(n, 'versionedApp')).toBeUndefined();
  });

  it('asks the node graph endpoint', () => {
    expect(targetApiPath({ kind: 'app', namespace: 'ns', app: 'a', version: 'v1' })).toBe(
      '/api/namespaces/ns/applications/a/versions/v1/graph',
    );
    expect(targetApiPath({ kind: 'namespaces' })).toBe('/api/namespaces/graph');
  });
});
