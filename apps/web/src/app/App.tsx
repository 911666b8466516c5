/**
 * The console: one QueryClient (server data lives only there), the router, and the shell around
 * every page. Pages come from `features/*` as they arrive; a path not yet served says so.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import type { RouteObject } from 'react-router';
import { Navigate, RouterProvider, createBrowserRouter, useLocation } from 'react-router';
import { EmptyState } from '../components/EmptyState.tsx';
import { routes as applicationsRoutes } from '../features/applications/index.ts';
import { routes as detailsRoutes } from '../features/details/routes.ts';
import { routes as graphRoutes } from '../features/graph/index.ts';
import { routes as istioRoutes } from '../features/istio/routes.ts';
import { routes as meshRoutes } from '../features/mesh/index.ts';
import { routes as overviewRoutes } from '../features/overview/index.ts';
import { routes as servicesRoutes } from '../features/services/index.ts';
import { routes as tracesRoutes } from '../features/traces/routes.ts';
import { routes as workloadsRoutes } from '../features/workloads/index.ts';
import { Layout } from './Layout.tsx';
import { HOME_PATH, NAV_ITEMS } from './paths.ts';

function NotYet() {
  const { pathname } = useLocation();
  const item = NAV_ITEMS.find((i) => pathname.startsWith(i.path));
  return (
    <EmptyState title={item?.label ?? 'Page not found'}>
      {item === undefined ? (
        <p>Nothing is served at {pathname}. Pick a page on the left.</p>
      ) : (
        <p>This page is not built yet.</p>
      )}
    </EmptyState>
  );
}

/**
 * Shown in a page's place while its chunk loads on the first navigation (features load their
 * pages lazily); the shell around it is already there. Nothing: the load takes a blink.
 */
function PageLoading() {
  return null;
}

export function consoleRoutes(pages: readonly RouteObject[] = []): RouteObject[] {
  return [
    {
      element: <Layout />,
      children: [
        { index: true, element: <Navigate to={HOME_PATH} replace /> },
        ...pages.map((page) => ({ HydrateFallback: PageLoading, ...page })),
        { path: '*', element: <NotYet /> },
      ],
    },
  ];
}

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Pages poll at the shared refresh interval; a failed read is shown, not retried three times.
      queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 },
    },
  });
}

export function App() {
  const [client] = useState(newQueryClient);
  const [router] = useState(() =>
    createBrowserRouter(
      consoleRoutes([
        ...overviewRoutes,
        ...graphRoutes,
        ...applicationsRoutes,
        ...workloadsRoutes,
        ...servicesRoutes,
        ...istioRoutes,
        ...tracesRoutes,
        ...detailsRoutes,
        ...meshRoutes,
      ]),
    ),
  );
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
