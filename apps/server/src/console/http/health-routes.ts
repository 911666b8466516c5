/**
 * `GET /api/clusters/health?namespaces=a,b&type=app|service|workload&rateInterval=10m&queryTime=`:
 * Kiali's health of the namespaces' apps, services or workloads (all namespaces when none are
 * named), as `{namespaceAppHealth|namespaceServiceHealth|namespaceWorkloadHealth: {ns: {name: …}}}`.
 */
import { Router } from 'express';
import type { HealthService } from '../services/health-service.ts';
import { healthRequestOf, searchParamsOf } from './params.ts';

export const CLUSTERS_HEALTH_PATH = '/api/clusters/health';

export interface HealthRoutesDeps {
  readonly health: HealthService;
  /** Unix seconds: the default `queryTime`. */
  readonly nowSec: () => number;
}

export function createHealthRouter(deps: HealthRoutesDeps): Router {
  const router = Router();
  router.get(CLUSTERS_HEALTH_PATH, async (req, res) => {
    const request = healthRequestOf(searchParamsOf(req.originalUrl), deps.nowSec());
    res.json(await deps.health.clustersHealth(request));
  });
  return router;
}
