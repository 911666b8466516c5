/**
 * Kiali's metrics endpoints: `GET /api/namespaces/{namespace}/metrics` and
 * `…/apps/{app}/metrics`, `…/workloads/{workload}/metrics`, `…/services/{service}/metrics`, with
 * Kiali's query parameters (`filters[]`, `direction`, `reporter`, `requestProtocol`,
 * `rateInterval`, `rateFunc`, `queryTime`, `duration`, `step`, `quantiles[]`, `avg`,
 * `byLabels[]`, `includeAmbient`, `clusterName`; see `@meshlens/mesh-core/metrics`), answering
 * Kiali's metrics map (`metricsMapSchema` in `@meshlens/mesh-core/api/metrics`).
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { MetricsQuery, MetricsTarget } from '@meshlens/mesh-core/metrics';
import { parseMetricsParams } from '@meshlens/mesh-core/metrics';
import { ConsoleError } from '../errors.ts';
import type { MetricsService } from '../services/metrics-service.ts';
import { searchParamsOf } from './params.ts';

type PathParams = Readonly<Record<string, string | undefined>>;

/** The metrics paths (Express syntax) and the target each one names. */
export const METRICS_PATHS: ReadonlyArray<readonly [string, (p: PathParams) => MetricsTarget]> = [
  ['/api/namespaces/:namespace/metrics', (p) => ({ kind: 'namespace', namespace: p['namespace'] ?? '' })],
  [
    '/api/namespaces/:namespace/apps/:app/metrics',
    (p) => ({ kind: 'app', namespace: p['namespace'] ?? '', name: p['app'] ?? '' }),
  ],
  [
    '/api/namespaces/:namespace/workloads/:workload/metrics',
    (p) => ({ kind: 'workload', namespace: p['namespace'] ?? '', name: p['workload'] ?? '' }),
  ],
  [
    '/api/namespaces/:namespace/services/:service/metrics',
    (p) => ({ kind: 'service', namespace: p['namespace'] ?? '', name: p['service'] ?? '' }),
  ],
];

export interface MetricsRoutesDeps {
  readonly metrics: MetricsService;
  /** Unix seconds: the default `queryTime`. */
  readonly nowSec: () => number;
}

/** The request's metrics query; every bad parameter reported, the first one named. */
export function metricsQueryOf(url: string, target: MetricsTarget, nowSec: number): MetricsQuery {
  const parsed = parseMetricsParams(searchParamsOf(url), { target, nowSec });
  if (parsed.ok) return parsed.query;
  const message = parsed.problems.map((p) => p.message).join('; ');
  const param = parsed.problems[0]?.param;
  throw new ConsoleError('input', message, param === undefined ? {} : { param });
}

export function createMetricsRouter(deps: MetricsRoutesDeps): Router {
  const router = Router();
  for (const [path, targetOf] of METRICS_PATHS) {
    router.get(path, async (req: Request, res) => {
      const target = targetOf(req.params as PathParams);
      const query = metricsQueryOf(req.originalUrl, target, deps.nowSec());
      res.json(await deps.metrics.metrics({ target, query }));
    });
  }
  return router;
}
