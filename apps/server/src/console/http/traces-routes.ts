/**
 * Kiali's traces endpoints:
 *
 * - `GET /api/namespaces/{namespace}/apps/{app}/traces`
 * - `GET /api/namespaces/{namespace}/services/{service}/traces`
 * - `GET /api/namespaces/{namespace}/workloads/{workload}/traces`
 *   with `startMicros`, `endMicros`, `tags`, `minDuration`, `limit`, `clusterName`
 *   (traces-routes-params.ts), answering Kiali's `{data, errors, fromAllClusters?, tracingServiceName}`;
 * - `GET /api/traces/{traceID}`: Kiali's `{data: trace, errors}`.
 */
import { Router } from 'express';
import type { TracesService } from '../services/traces-service.ts';
import { searchParamsOf } from './params.ts';
import { tracingQueryOf } from './traces-routes-params.ts';

export const TRACE_PATH = '/api/traces/:traceID';

export interface TracesRoutesDeps {
  readonly traces: TracesService;
  /** Milliseconds since the epoch: the default `endMicros`; `Date.now` unless a test drives time. */
  readonly nowMs?: () => number;
}

export function createTracesRouter(deps: TracesRoutesDeps): Router {
  const nowMs = deps.nowMs ?? Date.now;
  const queryOf = (url: string): ReturnType<typeof tracingQueryOf> =>
    tracingQueryOf(searchParamsOf(url), nowMs() * 1000);
  const router = Router();

  router.get('/api/namespaces/:namespace/apps/:app/traces', async (req, res) => {
    const query = queryOf(req.originalUrl);
    res.json(await deps.traces.appTraces(req.params.namespace, req.params.app, query));
  });

  router.get('/api/namespaces/:namespace/services/:service/traces', async (req, res) => {
    const query = queryOf(req.originalUrl);
    res.json(await deps.traces.serviceTraces(req.params.namespace, req.params.service, query));
  });

  router.get('/api/namespaces/:namespace/workloads/:workload/traces', async (req, res) => {
    const query = queryOf(req.originalUrl);
    res.json(await deps.traces.workloadTraces(req.params.namespace, req.params.workload, query));
  });

  router.get(TRACE_PATH, async (req, res) => {
    res.type('application/json').send(await deps.traces.traceDetailJson(req.params.traceID));
  });

  return router;
}
