// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { mockApi, renderRoute } from '../../../components/test-support.tsx';
import { NodeTraces } from './NodeTraces.tsx';
import { tracedNode } from './node-traces.ts';

const node = (data: Partial<GraphNodeData>): GraphNodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'Kubernetes',
  namespace: 'default',
  healthData: null,
  ...data,
});

function trace(id: string, startUs: number, durationUs: number, error: boolean): JaegerTrace {
  return {
    traceID: id,
    spans: [
      {
        traceID: id,
        spanID: 's',
        operationName: 'reviews.default.svc.cluster.local:9080/*',
        references: [],
        startTime: startUs,
        duration: durationUs,
        tags: error ? [{ key: 'error', type: 'bool', value: true }] : [],
        logs: [],
        processID: 'p',
        warnings: null,
      },
    ],
    processes: { p: { serviceName: 'reviews.default', tags: [] } },
    warnings: null,
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('tracedNode', () => {
  it.each([
    [
      node({ app: 'reviews', version: 'v2', workload: 'reviews-v2' }),
      { kind: 'workloads', name: 'reviews-v2' },
    ],
    [node({ app: 'reviews' }), { kind: 'apps', name: 'reviews' }],
    [node({ nodeType: 'workload', workload: 'mongodb-v1' }), { kind: 'workloads', name: 'mongodb-v1' }],
    [node({ nodeType: 'service', service: 'ratings' }), { kind: 'services', name: 'ratings' }],
    [node({ nodeType: 'unknown' }), undefined],
    [node({ nodeType: 'service', service: 'ratings', isInaccessible: true }), undefined],
    [node({ nodeType: 'box', isBox: 'app', app: 'reviews' }), undefined],
  ])('%#: the traces of %j', (n, expected) => {
    expect(tracedNode(n)).toEqual(expected === undefined ? undefined : { ...expected, namespace: 'default' });
  });
});

describe('NodeTraces', () => {
  it("lists the node's recent traces, newest first with errors marked, and links to all of them", async () => {
    const calls = mockApi({
      '/api/namespaces/default/workloads/reviews-v2/traces': {
        body: {
          data: [trace('aaaaaaa1', 1_000, 2_500, false), trace('bbbbbbb2', 9_000, 30_000, true)],
          errors: null,
          tracingServiceName: 'reviews.default',
        },
      },
    });
    const n = node({ app: 'reviews', version: 'v2', workload: 'reviews-v2' });
    renderRoute(
      [{ path: '/graph/namespaces', element: <NodeTraces node={n} durationSec={600} /> }],
      '/graph/namespaces?namespaces=default&duration=600',
    );

    const list = await screen.findByRole('list', { name: 'Recent traces' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => within(i).getByRole('link').textContent)).toEqual(['⚠ Error bbbbbbb', 'aaaaaaa']);
    expect(
      within(items[0] as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('/tracing/traces/bbbbbbb2');
    expect(items[0]?.textContent).toContain('30ms');
    expect(items[1]?.textContent).toContain('2.5ms');
    expect(screen.getByRole('link', { name: 'Show all traces' }).getAttribute('href')).toBe(
      '/namespaces/default/workloads/reviews-v2?namespaces=default&duration=600&tab=traces',
    );
    expect(calls[0]?.searchParams.get('limit')).toBe('5');
  });

  it('says when the node has no traces, and shows nothing for an unknown node', async () => {
    mockApi({
      '/api/namespaces/default/services/ratings/traces': {
        body: { data: [], errors: null, tracingServiceName: 'ratings.default' },
      },
    });
    renderRoute(
      [
        {
          path: '/',
          element: (
            <>
              <NodeTraces node={node({ nodeType: 'service', service: 'ratings' })} durationSec={60} />
              <NodeTraces node={node({ nodeType: 'unknown' })} durationSec={60} />
            </>
          ),
        },
      ],
      '/',
    );

    expect(await screen.findByText('No traces in this period.')).toBeTruthy();
    expect(screen.getAllByRole('heading', { name: 'Traces' })).toHaveLength(1);
  });
});
