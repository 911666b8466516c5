// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JaegerSpan, JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { fixtureGraph } from './graph-fixture.test-support.ts';
import { routes } from './index.ts';

const TRACE_ID = '61570e6e49479f13453f4cdae17247da';

/** A span as Meshlens' sidecars tag it. */
function span(
  id: string,
  parent: string | undefined,
  kind: 'client' | 'server',
  proxy: string,
  upstream: string,
): JaegerSpan {
  const [pod = '', ns = '', app = '', version = ''] = proxy.split('/');
  const tag = (key: string, value: string) => ({ key, type: 'string' as const, value });
  return {
    traceID: TRACE_ID,
    spanID: id,
    operationName: 'op',
    references: parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: parent }],
    startTime: 1_700_000_000_000_000,
    duration: 1000,
    tags: [
      tag('node_id', `sidecar~127.0.0.1~${pod}.${ns}~${ns}.svc.cluster.local`),
      tag('upstream_cluster', upstream),
      tag('istio.canonical_service', app),
      tag('istio.canonical_revision', version),
      tag('istio.namespace', ns),
      tag('span.kind', kind),
    ],
    logs: [],
    processID: 'p',
    warnings: null,
  };
}

const out = (s: string) => `outbound|9080||${s}.default.svc.cluster.local`;
const GW = 'istio-ingressgateway-0/istio-system/istio-ingressgateway/latest';
const PP = 'productpage-v1-0/default/productpage/v1';
const V2 = 'reviews-v2-0/default/reviews/v2';
const TRACE: JaegerTrace = {
  traceID: TRACE_ID,
  spans: [
    span('g', undefined, 'client', GW, out('productpage')),
    span('p1', 'g', 'server', PP, 'inbound|9080||'),
    span('p2', 'p1', 'client', PP, out('reviews')),
    span('r1', 'p2', 'server', V2, 'inbound|9080||'),
    span('r2', 'r1', 'client', V2, out('ratings')),
    span('ra', 'r2', 'server', 'ratings-v1-0/default/ratings/v1', 'inbound|9080||'),
  ],
  processes: { p: { serviceName: 'x.default', tags: [] } },
  warnings: null,
};

function stubApi(traceStatus = 200) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const json = (body: unknown, status = 200) =>
        Promise.resolve(
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
        );
      if (url.startsWith('/api/namespaces/graph')) return json(fixtureGraph());
      if (url === `/api/traces/${TRACE_ID}`)
        return traceStatus === 200
          ? json({ data: TRACE, errors: null })
          : json({ error: `Trace ${TRACE_ID} not found`, reason: 'not-found' }, traceStatus);
      if (url.includes('/traces?')) return json({ data: [], errors: null, tracingServiceName: 'x' });
      return json({ error: 'no such path', reason: 'not-found' }, 404);
    }),
  );
}

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

/** The rows of a table whose "In trace" cell says Yes, by their first cell. */
function inTrace(table: HTMLElement): string[] {
  const headers = within(table)
    .getAllByRole('columnheader')
    .map((h) => h.textContent);
  const column = headers.indexOf('In trace');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .filter((row) => within(row).getAllByRole('cell')[column]?.textContent === 'Yes')
    .map((row) => within(row).getAllByRole('cell')[0]?.textContent ?? '');
}

describe('show a trace on the graph', () => {
  it('highlights the nodes and edges the trace went through, in the tables and the banner', async () => {
    stubApi();
    renderAt(`/graph/namespaces?namespaces=default&trace=${TRACE_ID}`);

    const banner = await screen.findByRole('status', { name: 'Trace on graph' });
    await vi.waitFor(() => {
      expect(banner.textContent).toContain('Trace 61570e6: 4 nodes, 3 edges highlighted');
    });
    expect(inTrace(screen.getByRole('table', { name: 'Nodes' }))).toEqual([
      'istio-ingressgateway latest',
      'productpage v1',
      'ratings',
      'reviews v2',
    ]);
    expect(inTrace(screen.getByRole('table', { name: 'Edges' }))).toEqual([
      'istio-ingressgateway latest',
      'productpage v1',
      'reviews v2',
    ]);
    expect(within(banner).getByRole('link', { name: 'Open trace' }).getAttribute('href')).toBe(
      `/tracing/traces/${TRACE_ID}`,
    );
  });

  it('clears the highlight and the URL parameter', async () => {
    stubApi();
    const router = renderAt(`/graph/namespaces?namespaces=default&trace=${TRACE_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Clear trace' }));

    expect(router.state.location.search).toBe('?namespaces=default');
    expect(screen.queryByRole('status', { name: 'Trace on graph' })).toBeNull();
    expect(
      within(screen.getByRole('table', { name: 'Nodes' })).queryByRole('columnheader', { name: 'In trace' }),
    ).toBeNull();
  });

  it('says why when the trace cannot be had', async () => {
    stubApi(404);
    renderAt(`/graph/namespaces?namespaces=default&trace=${TRACE_ID}`);

    const banner = await screen.findByRole('status', { name: 'Trace on graph' });
    await vi.waitFor(() => {
      expect(banner.textContent).toContain(`Trace 61570e6 cannot be shown: Trace ${TRACE_ID} not found`);
    });
  });

  it('ignores a trace parameter that is not a trace id', async () => {
    stubApi();
    renderAt('/graph/namespaces?namespaces=default&trace=not-an-id');

    await screen.findByRole('table', { name: 'Nodes' });
    expect(screen.queryByRole('status', { name: 'Trace on graph' })).toBeNull();
  });
});
