// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { mockApi, renderRoute, stubResizeObserver } from '../../../components/test-support.tsx';
import { TracesSearchPage } from './TracesSearchPage.tsx';

const T0 = 1_767_225_600_000_000;

function trace(
  id: string,
  options: { startUs: number; durationUs: number; error?: boolean; spans?: number },
): JaegerTrace {
  const n = options.spans ?? 1;
  return {
    traceID: id,
    spans: Array.from({ length: n }, (_, i) => ({
      traceID: id,
      spanID: `${id}-${i}`,
      operationName: i === 0 ? 'productpage.default.svc.cluster.local:9080/*' : 'child',
      references: i === 0 ? [] : [{ refType: 'CHILD_OF' as const, traceID: id, spanID: `${id}-0` }],
      startTime: options.startUs + i,
      duration: i === 0 ? options.durationUs : 1,
      tags: options.error === true && i === 0 ? [{ key: 'error', type: 'bool' as const, value: true }] : [],
      logs: [],
      processID: i === 0 ? 'p1' : 'p2',
      warnings: null,
    })),
    processes: {
      p1: { serviceName: 'productpage.default', tags: [] },
      p2: { serviceName: 'reviews.default', tags: [] },
    },
    warnings: null,
  };
}

const TRACES = [
  trace('aaa1111', { startUs: T0, durationUs: 5_000, spans: 3 }),
  trace('bbb2222', { startUs: T0 + 1_000_000, durationUs: 50_000, error: true, spans: 1 }),
];

const routes = [
  { path: '/tracing', element: <TracesSearchPage /> },
  { path: '/tracing/traces/:id', element: <p>trace view</p> },
];

function api() {
  return mockApi({
    '/api/tracing/services': { body: { data: ['productpage.default', 'reviews.default'] } },
    '/api/tracing/services/productpage.default/operations': {
      body: { data: ['productpage.default.svc.cluster.local:9080/*'] },
    },
    '/api/tracing/traces': (url) =>
      url.searchParams.get('minDuration') === '100'
        ? {
            status: 400,
            body: { error: "cannot parse parameter 'minDuration'", reason: 'input', param: 'minDuration' },
          }
        : { body: { data: TRACES, errors: null, tracingServiceName: 'productpage.default' } },
  });
}

beforeEach(stubResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('TracesSearchPage', () => {
  it('asks for a service first, then searches with the form and writes the search to the URL', async () => {
    const calls = api();
    const view = renderRoute(routes, '/tracing');

    expect(screen.getByRole('region', { name: 'Search for traces' })).toBeTruthy();
    await screen.findByRole('option', { name: 'productpage.default' });
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'productpage.default' } });
    await screen.findByRole('option', { name: 'productpage.default.svc.cluster.local:9080/*' });
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'error=true' } });
    fireEvent.change(screen.getByLabelText('Min duration'), { target: { value: '10ms' } });
    fireEvent.change(screen.getByLabelText('Lookback'), { target: { value: '15m' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find Traces' }));

    const table = await screen.findByRole('table', { name: 'Traces' });
    expect(view.search().toString()).toBe(
      'service=productpage.default&tags=error%3Dtrue&minDuration=10ms&lookback=15m',
    );
    const sent = calls.find((u) => u.pathname === '/api/tracing/traces');
    expect(sent?.searchParams.get('tags')).toBe('{"error":"true"}');
    expect(sent?.searchParams.get('minDuration')).toBe('10ms');
    expect(screen.getByRole('heading', { name: '2 Traces' })).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    // Most recent first: the error trace, one span, 50ms.
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual([
      'productpage.default: productpage.default.svc.cluster.local:9080/*',
      'productpage.default: productpage.default.svc.cluster.local:9080/*',
    ]);
    expect(within(rows[0] as HTMLElement).getByText('50ms')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('reviews.default (2)')).toBeTruthy();
    expect(
      within(rows[0] as HTMLElement)
        .getAllByRole('link')[0]
        ?.getAttribute('href'),
    ).toBe('/tracing/traces/bbb2222');
  });

  it('reproduces a linked search and sorts the results without searching again', async () => {
    const calls = api();
    renderRoute(routes, '/tracing?service=productpage.default&lookback=2h&limit=5');

    const table = await screen.findByRole('table', { name: 'Traces' });
    expect(screen.getByLabelText<HTMLSelectElement>('Service').value).toBe('productpage.default');
    expect(screen.getByLabelText<HTMLInputElement>('Limit').value).toBe('5');
    const sent = calls.filter((u) => u.pathname === '/api/tracing/traces');
    expect(
      Number(sent[0]?.searchParams.get('endMicros')) - Number(sent[0]?.searchParams.get('startMicros')),
    ).toBe(7_200_000_000);
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'MOST_SPANS' } });

    await waitFor(() => {
      expect(within(table).getAllByRole('row')[1]?.textContent).toContain('aaa1111'.slice(0, 7));
    });
    expect(calls.filter((u) => u.pathname === '/api/tracing/traces')).toHaveLength(1);
  });

  it('names the field the server refused, and a tags field it cannot read', async () => {
    api();
    renderRoute(routes, '/tracing?service=productpage.default&minDuration=100');

    expect((await screen.findByRole('alert')).textContent).toContain(
      "Min duration: cannot parse parameter 'minDuration'",
    );
    expect(screen.getByLabelText('Min duration').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'k="open' } });
    fireEvent.change(screen.getByLabelText('Min duration'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find Traces' }));

    expect((await screen.findByRole('alert')).textContent).toContain(
      'Tags: the value of k has no closing quote',
    );
  });

  it('says so when nothing matches', async () => {
    mockApi({
      '/api/tracing/services': { body: { data: ['productpage.default'] } },
      '/api/tracing/services/productpage.default/operations': { body: { data: [] } },
      '/api/tracing/traces': { body: { data: [], errors: null, tracingServiceName: 'productpage.default' } },
    });
    renderRoute(routes, '/tracing?service=productpage.default');

    expect(await screen.findByRole('region', { name: 'No trace results' })).toBeTruthy();
  });
});
