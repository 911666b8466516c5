/**
 * `GET /api/mesh/status` (Meshlens: the control plane, Prometheus and the trace store, each with
 * its URL, status, version, latency and error), `GET /api/istio/status` (Kiali's component list)
 * and `GET /api/mesh/proxies` (each proxy's config sync). None takes parameters; a component that
 * is down is reported in a 200 answer.
 */
import { Router } from 'express';
import type { MeshStatusService } from '../services/mesh-status-service.ts';

export const MESH_STATUS_PATH = '/api/mesh/status';
export const ISTIO_STATUS_PATH = '/api/istio/status';
export const MESH_PROXIES_PATH = '/api/mesh/proxies';

/** The path prefixes these routes need the console to claim (see `CONSOLE_PATH_PREFIXES`). */
export const MESH_STATUS_PATH_PREFIXES = ['/api/mesh', '/api/istio'] as const;

export interface MeshStatusRoutesDeps {
  readonly meshStatus: MeshStatusService;
}

export function createMeshStatusRouter(deps: MeshStatusRoutesDeps): Router {
  const router = Router();
  router.get(MESH_STATUS_PATH, async (_req, res) => {
    res.json(await deps.meshStatus.meshStatus());
  });
  router.get(ISTIO_STATUS_PATH, async (_req, res) => {
    res.json(await deps.meshStatus.istioStatus());
  });
  router.get(MESH_PROXIES_PATH, async (_req, res) => {
    res.json(await deps.meshStatus.proxies());
  });
  return router;
}
