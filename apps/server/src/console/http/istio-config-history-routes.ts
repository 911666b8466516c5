/**
 * The config editor's history endpoints, shaped like Kiali's config paths (Kiali has none):
 *
 * - `GET /api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}/revisions`
 * - `POST /api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}/rollback?revision=<n>[&dryRun=true]`
 */
import { Router } from 'express';
import type { Request } from 'express';
import { ConsoleError } from '../errors.ts';
import type { IstioConfigService, ObjectPath } from '../services/istio-config-service.ts';
import { searchParamsOf } from './params.ts';

const OBJECT_PATH = '/api/namespaces/:namespace/istio/:group/:version/:kind/:object';

export interface IstioConfigHistoryRoutesDeps {
  readonly istioConfig: Pick<IstioConfigService, 'revisions' | 'rollback'>;
}

/** Kubernetes' `dryRun`: present (empty), `true` or `All` (kubectl's) ask for one; `false` not. */
export function dryRunParam(params: URLSearchParams): boolean {
  const value = params.get('dryRun');
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true' || value === 'All') return true;
  throw new ConsoleError('input', `Invalid dryRun [${value}]: true or false`, { param: 'dryRun' });
}

const param = (req: Request, name: string): string => {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
};

export function objectPathOf(req: Request, params: URLSearchParams): ObjectPath {
  const cluster = params.get('clusterName');
  return {
    namespace: param(req, 'namespace'),
    group: param(req, 'group'),
    version: param(req, 'version'),
    kind: param(req, 'kind'),
    ...(cluster === null ? {} : { cluster }),
  };
}

export function createIstioConfigHistoryRouter(deps: IstioConfigHistoryRoutesDeps): Router {
  const { istioConfig } = deps;
  const router = Router();

  router.get(`${OBJECT_PATH}/revisions`, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    res.json(istioConfig.revisions(objectPathOf(req, params), param(req, 'object')));
  });

  router.post(`${OBJECT_PATH}/rollback`, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    const revision = params.get('revision');
    if (revision === null || revision === '') {
      throw new ConsoleError('input', 'Missing revision: the revision to roll back to', {
        param: 'revision',
      });
    }
    const dryRun = dryRunParam(params);
    res.json(istioConfig.rollback(objectPathOf(req, params), param(req, 'object'), { revision, dryRun }));
  });

  return router;
}
