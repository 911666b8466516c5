/**
 * The console's inventory endpoints (Kiali's namespaces, apps, workloads and services lists and
 * details, their per-object health, and mTLS status): their wire schemas, re-exported from
 * `@meshlens/mesh-core/inventory`, and their descriptions for the OpenAPI document.
 */
import { z } from 'zod';
import { appHealthSchema, serviceHealthSchema, workloadHealthSchema } from '../health/wire.ts';
import {
  appDetailsSchema,
  appListSchema,
  mtlsStatusSchema,
  namespaceSchema,
  serviceDetailsSchema,
  serviceListSchema,
  workloadDetailsSchema,
  workloadListSchema,
} from '../inventory/wire.ts';
import type { ApiEndpoint, ApiParam, ApiResponse } from './endpoint.ts';

export {
  appDetailsSchema,
  appListItemSchema,
  appListSchema,
  istioReferenceSchema,
  istioValidationSchema,
  mtlsStatusSchema,
  namespaceSchema,
  podSchema,
  serviceDetailsSchema,
  serviceListItemSchema,
  serviceListSchema,
  validationsSchema,
  workloadDetailsSchema,
  workloadListItemSchema,
  workloadListSchema,
} from '../inventory/wire.ts';

export const namespaceListSchema = z.array(namespaceSchema);
export const clustersTlsSchema = z.array(mtlsStatusSchema);

const GO_BOOL = "one of Go's booleans (`true`, `false`, `1`, `0`, `t`, `f`, …)";

const path = (name: string, description: string): ApiParam => ({
  name,
  in: 'path',
  required: true,
  description,
});
const namespacePath = path('namespace', 'The namespace.');

const namespacesQuery: ApiParam = {
  name: 'namespaces',
  in: 'query',
  description: 'Comma-separated namespaces; every namespace of the mesh when absent or empty.',
};
const rateInterval: ApiParam = {
  name: 'rateInterval',
  in: 'query',
  description:
    'Prometheus duration (`10m`, `1h`) the health request rates are averaged over; default `10m`, ' +
    "shortened to the namespace's lifetime as Kiali does.",
};
const queryTime: ApiParam = {
  name: 'queryTime',
  in: 'query',
  description: 'Unix seconds the health queries are evaluated at; default now.',
};
const boolParam = (name: string, description: string, fallback: boolean): ApiParam => ({
  name,
  in: 'query',
  description: `${description} ${GO_BOOL}; default \`${String(fallback)}\`.`,
});
const health = boolParam('health', "Include each object's health (queries Prometheus):", true);
const istioResources = boolParam(
  'istioResources',
  'Fill `istioReferences` with the Istio config of each object:',
  true,
);
const validate = boolParam(
  'validate',
  'Include the validations of the object (and of its Istio config):',
  false,
);
const detailHealth = boolParam('health', "Include the object's health (queries Prometheus):", true);

const ok = (schema: z.ZodType, description: string): ApiResponse => ({ status: 200, description, schema });
const badInput: ApiResponse = { status: 400, description: 'A parameter is invalid; `param` names it.' };
const notFound = (what: string): ApiResponse => ({ status: 404, description: `${what} does not exist.` });
const promDown: ApiResponse = {
  status: 503,
  description: 'Prometheus is unreachable (its URL in the message).',
};

const listParams = [namespacesQuery, health, istioResources, rateInterval, queryTime];
const namespaceListParams = [namespacePath, health, istioResources, rateInterval, queryTime];

function objectEndpoints(options: {
  readonly tag: string;
  readonly plural: string;
  readonly param: string;
  readonly list: z.ZodType;
  readonly details: z.ZodType;
  readonly health: z.ZodType;
  readonly detailParams: readonly ApiParam[];
}): ApiEndpoint[] {
  const { tag, plural, param } = options;
  const objectPath = path(param, `The ${param}.`);
  const one = `/api/namespaces/{namespace}/${plural}/{${param}}`;
  return [
    {
      method: 'get',
      path: `/api/clusters/${plural}`,
      tag,
      summary: `The ${plural} of the named namespaces (Kiali's list page).`,
      params: listParams,
      responses: [
        ok(options.list, `The ${plural}, with their validations.`),
        badInput,
        notFound('A namespace'),
        promDown,
      ],
    },
    {
      method: 'get',
      path: `/api/namespaces/{namespace}/${plural}`,
      tag,
      summary: `The ${plural} of one namespace.`,
      params: namespaceListParams,
      responses: [
        ok(options.list, `The namespace's ${plural}.`),
        badInput,
        notFound('The namespace'),
        promDown,
      ],
    },
    {
      method: 'get',
      path: one,
      tag,
      summary: `One ${param}'s details (Kiali's detail page).`,
      params: [namespacePath, objectPath, ...options.detailParams],
      responses: [
        ok(options.details, `The ${param}.`),
        badInput,
        notFound(`The namespace or the ${param}`),
        promDown,
      ],
    },
    {
      method: 'get',
      path: `${one}/health`,
      tag: 'health',
      summary: `One ${param}'s health: request rates by protocol and code, replica status, calculated status.`,
      params: [namespacePath, objectPath, rateInterval, queryTime],
      responses: [
        ok(options.health, `The ${param}'s health.`),
        badInput,
        notFound(`The namespace or the ${param}`),
        promDown,
      ],
    },
  ];
}

export const inventoryEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/namespaces',
    tag: 'namespaces',
    summary: 'Every namespace of the mesh.',
    responses: [ok(namespaceListSchema, 'The namespaces.')],
  },
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/info',
    tag: 'namespaces',
    summary: 'One namespace.',
    params: [namespacePath],
    responses: [ok(namespaceSchema, 'The namespace.'), notFound('The namespace')],
  },
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/tls',
    tag: 'tls',
    summary: "The namespace's mTLS status from its PeerAuthentications and DestinationRules.",
    params: [namespacePath],
    responses: [ok(mtlsStatusSchema, 'The namespace-wide mTLS status.'), notFound('The namespace')],
  },
  {
    method: 'get',
    path: '/api/clusters/tls',
    tag: 'tls',
    summary: 'The mTLS status of each named namespace.',
    params: [namespacesQuery],
    responses: [ok(clustersTlsSchema, 'One status per namespace.'), notFound('A namespace')],
  },
  {
    method: 'get',
    path: '/api/mesh/tls',
    tag: 'tls',
    summary:
      "The mesh's mTLS status from the root namespace's PeerAuthentications and `*.local` DestinationRules.",
    responses: [ok(mtlsStatusSchema, 'The mesh-wide mTLS status.')],
  },
  ...objectEndpoints({
    tag: 'apps',
    plural: 'apps',
    param: 'app',
    list: appListSchema,
    details: appDetailsSchema,
    health: appHealthSchema,
    detailParams: [detailHealth, rateInterval, queryTime],
  }),
  ...objectEndpoints({
    tag: 'workloads',
    plural: 'workloads',
    param: 'workload',
    list: workloadListSchema,
    details: workloadDetailsSchema,
    health: workloadHealthSchema,
    detailParams: [detailHealth, validate, rateInterval, queryTime],
  }),
  ...objectEndpoints({
    tag: 'services',
    plural: 'services',
    param: 'service',
    list: serviceListSchema,
    details: serviceDetailsSchema,
    health: serviceHealthSchema,
    detailParams: [detailHealth, validate, rateInterval, queryTime],
  }),
];
