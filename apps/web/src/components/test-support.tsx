/**
 * Test helpers for the console's pages: render a page under its route in a memory router with a
 * fresh QueryClient, and answer `fetch` from a table of API paths (mocked only in unit tests).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { vi } from 'vitest';

export interface MockAnswer {
  readonly status?: number;
  readonly body: unknown;
}

/** API path (no query string) → answer; every request is recorded with its full URL. */
export function mockApi(table: Readonly<Record<string, MockAnswer | ((url: URL) => MockAnswer)>>): URL[] {
  const calls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://console',
      );
      calls.push(url);
      const entry = table[url.pathname];
      const answer =
        entry === undefined
          ? { status: 404, body: { error: `no mock for ${url.pathname}`, reason: 'not-found' } }
          : typeof entry === 'function'
            ? entry(url)
            : entry;
      return Promise.resolve(
        new Response(JSON.stringify(answer.body), {
          status: answer.status ?? 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }),
  );
  return calls;
}

/** recharts' ResponsiveContainer measures with ResizeObserver, which jsdom does not have. */
export function stubResizeObserver(): void {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    },
  );
}

export function renderRoute(routes: RouteObject[], url: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router, search: () => new URLSearchParams(router.state.location.search) };
}
