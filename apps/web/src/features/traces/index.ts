/**
 * Traces, as Kiali and Jaeger UI show them: the search page (`/tracing`: form, scatter plot and
 * results), one trace (`/tracing/traces/:traceId`: timeline, critical path, span details), and the
 * Traces tab the app, service and workload pages show.
 */
import type { RouteObject } from 'react-router';
import { prefetchTrace } from './trace-view/prefetch.ts';

export { TracesTab } from './tab/TracesTab.tsx';
export type { TracesTabProps } from './tab/TracesTab.tsx';
export { tracePath } from './search/trace-summary.ts';

// Each page is its own chunk, loaded when its route is visited.
export const routes: RouteObject[] = [
  {
    path: '/tracing',
    lazy: async () => ({ Component: (await import('./search/TracesSearchPage.tsx')).TracesSearchPage }),
  },
  {
    path: '/tracing/traces/:traceId',
    // The trace's request starts with the navigation, beside the page's chunk, not after it.
    loader: ({ params }) => {
      prefetchTrace(params['traceId'] ?? '');
      return null;
    },
    lazy: async () => ({ Component: (await import('./trace-view/TracePage.tsx')).TracePage }),
  },
];
