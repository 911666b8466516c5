/**
 * Kiali's Istio config endpoints:
 *
 * - `GET /api/istio/config?namespaces=a,b&objects=&validate=&clusterName=`
 * - `GET /api/namespaces/{namespace}/istio?objects=&validate=`
 * - `GET|PATCH|DELETE /api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}`
 *   (`?validate=` on GET)
 * - `POST /api/namespaces/{namespace}/istio/{group}/{version}/{kind}`
 * - `GET /api/istio/validations?namespaces=a,b`
 * - `GET /api/istio/validation-snapshot`: the mesh as the validator sees it, for the editor
 * - `?dryRun=true` on POST and PATCH: checked and answered as the write, nothing written
 * - the history endpoints (`istio-config-history-routes.ts`): revisions and rollback
 *
 * Bodies are text, YAML or JSON, up to 1 MiB, whatever their content type (Kiali's console sends
 * JSON; a user's curl may send YAML).
 */
import { VALIDATION_SNAPSHOT_PATH } from '@meshlens/mesh-core/api/istio-config-editing';
import express, { Router } from 'express';
import type { Request } from 'express';
import { ConsoleError } from '../errors.ts';
import type { IstioConfigService, ObjectPath } from '../services/istio-config-service.ts';
import { createIstioConfigHistoryRouter, dryRunParam } from './istio-config-history-routes.ts';
import { searchParamsOf } from './params.ts';

export const ISTIO_CONFIG_PATH = '/api/istio/config';
export const ISTIO_VALIDATIONS_PATH = '/api/istio/validations';
const NAMESPACE_CONFIG = '/api/namespaces/:namespace/istio';
const KIND_PATH = `${NAMESPACE_CONFIG}/:group/:version/:kind`;
const OBJECT_PATH = `${KIND_PATH}/:object`;

/** Largest request body accepted: a config object, not a bulk import. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface IstioConfigRoutesDeps {
  readonly istioConfig: IstioConfigService;
}

/** Kiali reads `validate` by presence; an explicit `false` is honoured, anything else refused. */
export function validateParam(params: URLSearchParams): boolean {
  const value = params.get('validate');
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true') return true;
  throw new ConsoleError('input', `Invalid validate [${value}]: true or false`, { param: 'validate' });
}

export function namespacesParam(params: URLSearchParams): string[] {
  return (params.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const clusterOf = (params: URLSearchParams): { cluster?: string } => {
  const cluster = params.get('clusterName');
  return cluster === null ? {} : { cluster };
};

const param = (req: Request, name: string): string => {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
};

function objectPath(req: Request, params: URLSearchParams): ObjectPath {
  return {
    namespace: param(req, 'namespace'),
    group: param(req, 'group'),
    version: param(req, 'version'),
    kind: param(req, 'kind'),
    ...clusterOf(params),
  };
}

function bodyText(req: Request): string {
  const body: unknown = req.body;
  return typeof body === 'string' ? body : '';
}

export function createIstioConfigRouter(deps: IstioConfigRoutesDeps): Router {
  const { istioConfig } = deps;
  const router = Router();
  const text = express.text({ type: () => true, limit: MAX_BODY_BYTES });

  router.get(ISTIO_CONFIG_PATH, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    res.json(
      istioConfig.list({
        namespaces: namespacesParam(params),
        namespacesParam: 'namespaces',
        objects: params.get('objects') ?? '',
        validate: validateParam(params),
        ...clusterOf(params),
      }),
    );
  });

  router.get(NAMESPACE_CONFIG, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    res.json(
      istioConfig.list({
        namespaces: [param(req, 'namespace')],
        namespacesParam: 'namespace',
        objects: params.get('objects') ?? '',
        validate: validateParam(params),
        ...clusterOf(params),
      }),
    );
  });

  router.get(OBJECT_PATH, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    const validate = validateParam(params);
    res.json(istioConfig.details(objectPath(req, params), param(req, 'object'), { validate }));
  });

  router.post(KIND_PATH, text, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    const dryRun = dryRunParam(params);
    res.json(istioConfig.create(objectPath(req, params), bodyText(req), { dryRun }));
  });

  router.patch(OBJECT_PATH, text, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    const dryRun = dryRunParam(params);
    res.json(istioConfig.update(objectPath(req, params), param(req, 'object'), bodyText(req), { dryRun }));
  });

  router.delete(OBJECT_PATH, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    istioConfig.remove(objectPath(req, params), param(req, 'object'));
    // Kiali answers a deletion with its status and no body.
    res.status(200).type('application/json').end();
  });

  router.get(ISTIO_VALIDATIONS_PATH, (req, res) => {
    const params = searchParamsOf(req.originalUrl);
    res.json(istioConfig.validationSummary({ namespaces: namespacesParam(params), ...clusterOf(params) }));
  });

  router.get(VALIDATION_SNAPSHOT_PATH, (_req, res) => {
    res.json(istioConfig.validationSnapshot());
  });

  router.use(createIstioConfigHistoryRouter({ istioConfig }));

  return router;
}
