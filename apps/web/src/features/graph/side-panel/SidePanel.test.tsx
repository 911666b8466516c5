// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bookinfoGraph } from '../find/bookinfo-graph.test-support.ts';
import type { GraphSelection } from '../selection.ts';
import { SidePanel } from './SidePanel.tsx';

const metrics = {
  request_count: [
    {
      name: 'request_count',
      labels: {},
      datapoints: [
        [1_700_000_000, '3.3'],
        [1_700_000_030, '3.1'],
      ],
    },
  ],
  request_error_count: [{ name: 'request_error_count', labels: {}, datapoints: [[1_700_000_000, '0.7']] }],
  request_duration_millis: [
    { name: 'request_duration_millis', stat: '0.95', labels: {}, datapoints: [[1_700_000_000, '80']] },
    { name: 'request_duration_millis', stat: '0.99', labels: {}, datapoints: [[1_700_000_000, '120']] },
  ],
};

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation(() => Promise.resolve(new Response(JSON.stringify(metrics), { status: 200 })));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(selection: GraphSelection) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/graph/namespaces?namespaces=bookinfo&duration=600']}>
        <SidePanel
          selection={selection}
          graph={bookinfoGraph()}
          options={{ namespaces: ['bookinfo', 'istio-system'], graphType: 'versionedApp', durationSec: 600 }}
        />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return screen.getByRole('complementary', { name: 'Details' });
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('SidePanel', () => {
  it('shows namespace totals when nothing is selected', () => {
    const panel = show({ kind: 'none' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('bookinfo, istio-system');
    const table = within(panel).getByRole('table', { name: 'Namespace traffic' });
    const bookinfo = within(table).getByRole('row', { name: /^bookinfo/ });
    expect(cells(bookinfo)).toEqual(['36.60', '98.1%', '1.9%', '1.46 KiB/s']);
    expect(within(table).getByRole('rowheader', { name: 'All' })).toBeTruthy();
    expect(within(panel).getByRole('list', { name: 'Graph contents' }).textContent).toContain(
      '7 apps (9 versions)',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a node’s rates, health reasons, links and metrics charts', async () => {
    const panel = show({ kind: 'node', id: 'ratings-v1' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('ratings v1');
    const http = within(panel).getByRole('table', { name: 'HTTP requests per second' });
    expect(cells(within(http).getByRole('row', { name: /^In/ }))).toEqual(['6.70', '89.6%', '10.4%']);
    const classes = within(panel).getByRole('table', { name: /HTTP responses by class/ });
    expect(cells(within(classes).getByRole('row', { name: /^In/ }))).toEqual([
      '0.00',
      '0.00',
      '0.70',
      '0.00',
    ]);
    const health = within(panel).getByRole('region', { name: 'Health' });
    expect(health.textContent).toContain('Failure because of: requests');
    expect(within(health).getByRole('list', { name: 'Health checks' }).textContent).toContain(
      'Requests: inbound error rate 10.4%',
    );
    const links = within(panel).getByRole('navigation', { name: 'Node links' });
    expect(within(links).getByRole('link', { name: 'ratings-v1' }).getAttribute('href')).toBe(
      '/namespaces/bookinfo/workloads/ratings-v1?namespaces=bookinfo&duration=600',
    );
    expect(within(links).getByRole('link', { name: 'Show node graph' }).getAttribute('href')).toBe(
      '/graph/node/namespaces/bookinfo/applications/ratings/versions/v1?namespaces=bookinfo&duration=600',
    );
    expect(await within(panel).findByRole('figure', { name: 'Inbound request rate' })).toBeTruthy();
    expect(within(panel).getByRole('figure', { name: 'Inbound response time' })).toBeTruthy();
    const urls = fetchMock.mock.calls.map(
      ([input]) =>
        new URL(
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
          'http://x',
        ),
    );
    expect(
      urls.map((u) => [u.pathname, u.searchParams.get('direction'), u.searchParams.get('reporter')]),
    ).toEqual([
      ['/api/namespaces/bookinfo/workloads/ratings-v1/metrics', 'inbound', 'destination'],
      ['/api/namespaces/bookinfo/workloads/ratings-v1/metrics', 'outbound', 'source'],
      // The Traces section: the workload's recent traces.
      ['/api/namespaces/bookinfo/workloads/ratings-v1/traces', null, null],
    ]);
  });

  it('explains a degraded node by its replicas', () => {
    const panel = show({ kind: 'node', id: 'reviews-v2' });
    const health = within(panel).getByRole('region', { name: 'Health' });
    expect(health.textContent).toContain('Degraded because of: replicas');
    expect(health.textContent).toContain('Replicas: reviews-v2 1/2 available');
  });

  it('shows an edge’s response codes with their flags, hosts and shares, and its security', () => {
    const panel = show({ kind: 'edge', id: 'e-reviews-v2-ratings' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('reviews v2 → ratings v1');
    const codes = within(panel).getByRole('table', { name: 'Response codes' });
    const rows = within(codes).getAllByRole('row').slice(1).map(cells);
    expect(rows).toEqual([
      ['200', '- (No flags)', 'ratings.bookinfo.svc.cluster.local', '78.1%'],
      ['503', 'UH (No healthy upstream hosts)', 'ratings.bookinfo.svc.cluster.local', '21.9%'],
    ]);
    const rates = within(panel).getByRole('table', { name: 'HTTP requests per second' });
    expect(cells(within(rates).getByRole('row', { name: /^Rate/ }))).toEqual(['3.20', '78.1%', '21.9%']);
    expect(panel.textContent).toContain('80 ms');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows mTLS and principals of a secured edge', () => {
    const panel = show({ kind: 'edge', id: 'e-productpage-details' });
    expect(panel.textContent).toContain('100.0% of requests');
    expect(panel.textContent).toContain('spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details');
  });

  it('says when the selection is no longer in the graph', () => {
    const panel = show({ kind: 'node', id: 'gone' });
    expect(within(panel).getByRole('note').textContent).toBe(
      'The selected node is not in the current graph.',
    );
    expect(within(panel).getByRole('table', { name: 'Namespace traffic' })).toBeTruthy();
  });
});
