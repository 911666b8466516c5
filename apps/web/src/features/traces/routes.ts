/**
 * The traces pages' routes, apart from the feature's other exports so that the console's main
 * chunk (which imports every feature's routes) does not take in the Traces tab and its chart.
 */
import type { RouteObject } from 'react-router';
import { prefetchTrace } from './trace-view/prefetch.ts';

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
