/**
 * Jaeger UI's search on the console:
 *
 * - `GET /api/tracing/services`: `{data: [service names]}`;
 * - `GET /api/tracing/services/{service}/operations`: `{data: [operation names]}`;
 * - `GET /api/tracing/traces?service=&operation=&tags=&minDuration=&maxDuration=&limit=&startMicros=&endMicros=`
 *   (traces-routes-params.ts `traceSearchOf`), answering Kiali's `{data, errors, tracingServiceName}`.
 */
import { Router } from 'express';
import type { TracingSearchService } from '../services/tracing-search-service.ts';
import { searchParamsOf } from './params.ts';
import { traceSearchOf } from './traces-routes-params.ts';

export interface TracingSearchRoutesDeps {
  readonly search: TracingSearchService;
  /** Milliseconds since the epoch: the default `endMicros`; `Date.now` unless a test drives time. */
  readonly nowMs?: () => number;
}

export function createTracingSearchRouter(deps: TracingSearchRoutesDeps): Router {
  const nowMs = deps.nowMs ?? Date.now;
  const router = Router();

  router.get('/api/tracing/services', async (_req, res) => {
    res.json({ data: await deps.search.services() });
  });

  router.get('/api/tracing/services/:service/operations', async (req, res) => {
    res.json({ data: await deps.search.operations(req.params.service) });
  });

  router.get('/api/tracing/traces', async (req, res) => {
    const search = traceSearchOf(searchParamsOf(req.originalUrl), nowMs() * 1000);
    res.json(await deps.search.findTraces(search));
  });

  return router;
}
