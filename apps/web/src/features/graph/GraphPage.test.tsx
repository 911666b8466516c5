// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureGraph } from './graph-fixture.test-support.ts';
import { routes } from './index.ts';

const NAMESPACES = [
  {
    name: 'default',
    cluster: 'Kubernetes',
    isAmbient: false,
    isControlPlane: false,
    labels: {},
    annotations: {},
  },
  {
    name: 'istio-system',
    cluster: 'Kubernetes',
    isAmbient: false,
    isControlPlane: true,
    labels: {},
    annotations: {},
  },
];

const requested: string[] = [];

beforeEach(() => {
  requested.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requested.push(url);
      const body = url.startsWith('/api/namespaces/graph')
        ? fixtureGraph()
        : url === '/api/namespaces'
          ? NAMESPACES
          : null;
      return Promise.resolve(
        body === null
          ? new Response(JSON.stringify({ error: 'no such path', reason: 'not-found' }), { status: 404 })
          : new Response(JSON.stringify(body), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
      );
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );

describe('the Traffic Graph page', () => {
  it('asks to pick a namespace when none is selected', async () => {
    renderAt('/graph/namespaces');
    expect(await screen.findByRole('heading', { name: 'No namespace selected' })).toBeTruthy();
    expect(requested.some((u) => u.startsWith('/api/namespaces/graph'))).toBe(false);
  });

  it('lists the nodes and edges of the graph in the accessible tables', async () => {
    renderAt('/graph/namespaces?namespaces=default');
    const section = await screen.findByRole('region', { name: 'Graph nodes and edges' });
    const nodes = within(section).getByRole('table', { name: 'Nodes' });
    const edges = within(section).getByRole('table', { name: 'Edges' });

    expect(
      within(nodes)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Namespace', 'Type', 'Health', 'Inbound rps', 'Outbound rps']);
    expect(
      within(edges)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['From', 'To', 'Protocol', 'Rate', '% of source', '% errors', 'Response time', 'Health']);

    // The app box is not listed; names follow the versioned-app graph.
    expect(rowsOf(nodes)).toEqual([
      ['istio-ingressgateway latest', 'istio-system', 'App', 'Healthy', '0.00', '10.00'],
      ['mongodb-v1', 'default', 'Workload', 'No health information', '512.00 B/s', '0.00 B/s'],
      ['productpage v1', 'default', 'App', 'Healthy', '10.00', '6.40'],
      ['ratings', 'default', 'Service', 'Failure', '3.20', '0.00'],
      ['reviews v1', 'default', 'App', 'Healthy', '3.20', '0.00'],
      ['reviews v2', 'default', 'App', 'Degraded', '3.20', '3.20'],
      ['unknown', 'unknown', 'Unknown', 'No health information', '—', '—'],
    ]);
    expect(rowsOf(edges)).toEqual([
      [
        'istio-ingressgateway latest',
        'productpage v1',
        'HTTP',
        '10.00',
        '100.0%',
        '0.0%',
        '24 ms',
        'Healthy',
      ],
      ['productpage v1', 'reviews v1', 'HTTP', '3.20', '50.0%', '0.0%', '12 ms', 'Healthy'],
      // 25% of its requests fail: red on the canvas, Failure in the list.
      ['productpage v1', 'reviews v2', 'HTTP', '3.20', '50.0%', '25.0%', '30 ms', 'Failure'],
      ['ratings', 'mongodb-v1', 'TCP', '512.00 B/s', '—', '—', '—', 'TCP'],
      ['reviews v2', 'ratings', 'HTTP', '3.20', '100.0%', '0.0%', '—', 'Healthy'],
    ]);

    const graphUrl = new URL(requested.find((u) => u.startsWith('/api/namespaces/graph')) ?? '', 'http://x');
    expect(graphUrl.searchParams.get('namespaces')).toBe('default');
    expect(graphUrl.searchParams.get('graphType')).toBe('versionedApp');
  });

  it('selects a node from its row and keeps the selection in the URL', async () => {
    const router = renderAt('/graph/namespaces?namespaces=default');
    const button = await screen.findByRole('button', { name: 'reviews v2' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(screen.getByRole('button', { name: 'reviews v2' }).getAttribute('aria-pressed')).toBe('true');
    expect(router.state.location.search).toContain('selected=node%3An-reviews-v2');

    fireEvent.click(screen.getByRole('button', { name: 'productpage v1 to reviews v2' }));
    expect(router.state.location.search).toContain('selected=edge%3Ae-pp-v2');
  });

  it('collapses and reopens the list', async () => {
    renderAt('/graph/namespaces?namespaces=default');
    const toggle = await screen.findByRole('button', { name: /Hide nodes and edges list/ });
    fireEvent.click(toggle);
    expect(screen.queryByRole('table', { name: 'Nodes' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Show nodes and edges list/ }));
    expect(screen.getByRole('table', { name: 'Nodes' })).toBeTruthy();
  });

  it('changes the graph type through the toolbar and asks the server again', async () => {
    const router = renderAt('/graph/namespaces?namespaces=default');
    await screen.findByRole('table', { name: 'Nodes' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Graph type' }), { target: { value: 'workload' } });
    expect(router.state.location.search).toContain('graphType=workload');
    await vi.waitFor(() => {
      expect(requested.some((u) => u.includes('graphType=workload'))).toBe(true);
    });
  });

  it('offers the namespaces the server knows', async () => {
    const router = renderAt('/graph/namespaces');
    const box = await screen.findByRole('checkbox', { name: 'istio-system' });
    fireEvent.click(box);
    expect(router.state.location.search).toContain('namespaces=istio-system');
  });
});
