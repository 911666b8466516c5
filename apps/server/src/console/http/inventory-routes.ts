/**
 * Kiali's inventory endpoints: namespaces and their mTLS status, the mesh's mTLS status, apps,
 * workloads and services (lists across namespaces, lists of one namespace, details) and the
 * health of one app, workload or service. Each route parses its parameters, calls one service
 * and writes its JSON.
 *
 * Mount it after the graph router: `/api/namespaces/graph` is the graph, and nothing here claims
 * `/api/namespaces/{namespace}` alone, so the two never overlap. `/api/mesh/tls` is under
 * `/api/mesh`, which the console's path prefixes must include.
 */
import type { Request } from 'express';
import { Router } from 'express';
import type { AppsService } from '../services/apps-service.ts';
import type { NamespacesService } from '../services/namespaces-service.ts';
import type { ObjectHealthService } from '../services/object-health-service.ts';
import type { ServicesService } from '../services/services-service.ts';
import type { WorkloadsService } from '../services/workloads-service.ts';
import {
  detailRequestOf,
  healthWindowOf,
  listRequestOf,
  namespacesParam,
} from './inventory-routes-params.ts';
import { searchParamsOf } from './params.ts';

export const INVENTORY_PATH_PREFIXES = ['/api/namespaces', '/api/clusters', '/api/mesh'] as const;

export interface InventoryRoutesDeps {
  readonly namespaces: NamespacesService;
  readonly apps: AppsService;
  readonly workloads: WorkloadsService;
  readonly services: ServicesService;
  readonly objectHealth: ObjectHealthService;
  /** Unix seconds: the default `queryTime`. */
  readonly nowSec: () => number;
}

/** A path parameter as Express decoded it. */
function pathParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}

export function createInventoryRouter(deps: InventoryRoutesDeps): Router {
  const router = Router();
  const query = (req: Request): URLSearchParams => searchParamsOf(req.originalUrl);
  const object = (req: Request, kind: string) => ({
    namespace: pathParam(req, 'namespace'),
    name: pathParam(req, kind),
  });

  router.get('/api/namespaces', async (_req, res) => {
    res.json(await deps.namespaces.namespaces());
  });
  router.get('/api/namespaces/:namespace/info', async (req, res) => {
    res.json(await deps.namespaces.namespaceInfo(pathParam(req, 'namespace')));
  });
  router.get('/api/namespaces/:namespace/tls', async (req, res) => {
    res.json(await deps.namespaces.namespaceTls(pathParam(req, 'namespace')));
  });
  router.get('/api/clusters/tls', async (req, res) => {
    res.json(await deps.namespaces.clustersTls(namespacesParam(query(req))));
  });
  router.get('/api/mesh/tls', async (_req, res) => {
    res.json(await deps.namespaces.meshTls());
  });

  router.get('/api/clusters/apps', async (req, res) => {
    res.json(await deps.apps.appList(listRequestOf(query(req), deps.nowSec())));
  });
  router.get('/api/namespaces/:namespace/apps', async (req, res) => {
    res.json(await deps.apps.appList(listRequestOf(query(req), deps.nowSec(), pathParam(req, 'namespace'))));
  });
  router.get('/api/namespaces/:namespace/apps/:app', async (req, res) => {
    res.json(await deps.apps.appDetails(detailRequestOf(query(req), deps.nowSec(), object(req, 'app'))));
  });
  router.get('/api/namespaces/:namespace/apps/:app/health', async (req, res) => {
    const window = healthWindowOf(query(req), deps.nowSec());
    res.json(await deps.objectHealth.appHealth({ ...object(req, 'app'), ...window }));
  });

  router.get('/api/clusters/workloads', async (req, res) => {
    res.json(await deps.workloads.workloadList(listRequestOf(query(req), deps.nowSec())));
  });
  router.get('/api/namespaces/:namespace/workloads', async (req, res) => {
    const request = listRequestOf(query(req), deps.nowSec(), pathParam(req, 'namespace'));
    res.json(await deps.workloads.workloadList(request));
  });
  router.get('/api/namespaces/:namespace/workloads/:workload', async (req, res) => {
    const request = detailRequestOf(query(req), deps.nowSec(), object(req, 'workload'));
    res.json(await deps.workloads.workloadDetails(request));
  });
  router.get('/api/namespaces/:namespace/workloads/:workload/health', async (req, res) => {
    const window = healthWindowOf(query(req), deps.nowSec());
    res.json(await deps.objectHealth.workloadHealth({ ...object(req, 'workload'), ...window }));
  });

  router.get('/api/clusters/services', async (req, res) => {
    res.json(await deps.services.serviceList(listRequestOf(query(req), deps.nowSec())));
  });
  router.get('/api/namespaces/:namespace/services', async (req, res) => {
    const request = listRequestOf(query(req), deps.nowSec(), pathParam(req, 'namespace'));
    res.json(await deps.services.serviceList(request));
  });
  router.get('/api/namespaces/:namespace/services/:service', async (req, res) => {
    const request = detailRequestOf(query(req), deps.nowSec(), object(req, 'service'));
    res.json(await deps.services.serviceDetails(request));
  });
  router.get('/api/namespaces/:namespace/services/:service/health', async (req, res) => {
    const window = healthWindowOf(query(req), deps.nowSec());
    res.json(await deps.objectHealth.serviceHealth({ ...object(req, 'service'), ...window }));
  });
  return router;
}
