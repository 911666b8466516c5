// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoute } from '../../../components/test-support.tsx';
import { TracePage } from './TracePage.tsx';
import { bookinfoTrace, stubViewport, ui01 } from './trace-view.test-support.ts';

let undoViewport: () => void = () => undefined;
beforeEach(() => {
  undoViewport = stubViewport();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  undoViewport();
});

const routes = [{ path: '/tracing/traces/:traceId', element: <TracePage /> }];

describe('TracePage', () => {
  it('reads the trace from the server and shows it', async () => {
    const calls = mockApi({ '/api/traces/abc123': { body: { data: bookinfoTrace(), errors: null } } });
    renderRoute(routes, '/tracing/traces/abc123');
    const summary = await screen.findByRole('region', { name: 'Trace summary' });
    expect(summary.textContent).toContain('istio-ingressgateway.bookinfo: GET /productpage');
    expect(within(screen.getByRole('table', { name: 'Trace timeline' })).getAllByRole('row')).toHaveLength(6);
    expect(calls.map((c) => c.pathname)).toEqual(['/api/traces/abc123']);
  });

  it('keeps the selected span in the URL and opens it from there', async () => {
    mockApi({ '/api/traces/abc123': { body: { data: bookinfoTrace(), errors: null } } });
    const view = renderRoute(routes, '/tracing/traces/abc123?span=c3');
    const detail = await screen.findByRole('region', { name: 'Span details' });
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('GET /details/0');
    fireEvent.click(screen.getByRole('button', { name: 'reviews.bookinfo GET /reviews/0' }));
    await waitFor(() => {
      expect(view.search().get('span')).toBe('d4');
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    await waitFor(() => {
      expect(view.search().get('span')).toBeNull();
    });
  });

  it('shows Jaeger’s errors for the query with the trace’s warnings', async () => {
    mockApi({
      '/api/traces/0000000000000001': { body: { data: ui01, errors: [{ msg: 'storage partially failed' }] } },
    });
    renderRoute(routes, '/tracing/traces/0000000000000001');
    const warnings = await screen.findByRole('region', { name: 'Trace warnings' });
    expect(warnings.textContent).toContain('some trace warning');
    expect(warnings.textContent).toContain('Jaeger: storage partially failed');
  });

  it('says the trace was not found with the server’s message', async () => {
    mockApi({
      '/api/traces/fff': { status: 404, body: { error: 'Trace fff not found', reason: 'not-found' } },
    });
    renderRoute(routes, '/tracing/traces/fff');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Trace not found');
    expect(alert.textContent).toContain('Trace fff not found');
  });

  it('names Jaeger when it cannot be reached', async () => {
    mockApi({
      '/api/traces/abc': {
        status: 503,
        body: {
          error: 'Jaeger at http://127.0.0.1:16686 is unreachable: connect ECONNREFUSED',
          reason: 'unavailable',
        },
      },
    });
    renderRoute(routes, '/tracing/traces/abc');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe('Jaeger is down');
    expect(alert.textContent).toContain('ECONNREFUSED');
  });

  it('refuses a trace id that is not hexadecimal without asking the server', () => {
    const calls = mockApi({});
    renderRoute(routes, '/tracing/traces/not-a-trace');
    expect(screen.getByRole('alert').textContent).toContain('1 to 32 hexadecimal digits');
    expect(calls).toHaveLength(0);
  });
});
