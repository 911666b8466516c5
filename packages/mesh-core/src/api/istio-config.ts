/**
 * Kiali's Istio config endpoints: the config list, one object's details, create, patch and
 * delete, and the validation summary, as Kiali 2 answers them (`models/istio_config.go`,
 * `models/istio_validation.go`, `handlers/istio_config.go`), over Meshlens' config store.
 *
 * - The list is `{resources, validations, permissions}`: `resources` maps each kind's GVK string
 *   (`networking.istio.io/v1, Kind=VirtualService`) to its objects; `validations` maps the same
 *   key, then `name.namespace`, to Kiali's `IstioValidation`.
 * - Details are `{resource, namespace, gvk, permissions, validation, references, help}`.
 * - The summary is Kiali 2's array of `{errors, objectCount, warnings, namespace, cluster}`.
 */
import { z } from 'zod';
import { severities } from '../validation/catalogue.ts';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

export const gvkSchema = z.object({ Group: z.string(), Version: z.string(), Kind: z.string() });

/** A Kubernetes object as the API server returns it; its spec is Istio's, passed through. */
export const k8sObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().optional(),
    uid: z.string().optional(),
    creationTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type K8sObject = z.infer<typeof k8sObjectSchema>;

export const istioCheckSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Kiali's severities: `unknown` is shown as info. */
  severity: z.enum(severities),
  /** Where in the object: `spec/http[0]/route[0]/destination`. */
  path: z.string(),
});

export const istioValidationKeySchema = z.object({
  objectGVK: gvkSchema,
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
});

export const istioValidationSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  objectGVK: gvkSchema,
  /** False when a check is an error; warnings leave an object valid, as in Kiali. */
  valid: z.boolean(),
  checks: z.array(istioCheckSchema),
  /** Objects related to the errors (Kiali fills it for a few multi-object checks). */
  references: z.array(istioValidationKeySchema),
});
export type IstioValidation = z.infer<typeof istioValidationSchema>;

/** Validation type key (GVK string; the bare kind for the core group), then `name.namespace`. */
export const istioValidationsSchema = z.record(z.string(), z.record(z.string(), istioValidationSchema));
export type IstioValidations = z.infer<typeof istioValidationsSchema>;

export const resourcePermissionsSchema = z.object({
  create: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
});

export const istioConfigListSchema = z.object({
  resources: z.record(z.string(), z.array(k8sObjectSchema)),
  validations: istioValidationsSchema,
  /** Per namespace listed. Meshlens has no RBAC: everything is allowed. */
  permissions: z.record(z.string(), resourcePermissionsSchema),
});
export type IstioConfigList = z.infer<typeof istioConfigListSchema>;

const nameNamespace = z.object({ name: z.string(), namespace: z.string() });

export const istioReferencesSchema = z.object({
  objectReferences: z.array(nameNamespace.extend({ objectGVK: gvkSchema })),
  serviceReferences: z.array(nameNamespace),
  workloadReferences: z.array(nameNamespace),
});
export type IstioReferences = z.infer<typeof istioReferencesSchema>;

export const istioConfigDetailsSchema = z.object({
  resource: k8sObjectSchema,
  namespace: z.object({ name: z.string(), cluster: z.string() }),
  gvk: gvkSchema,
  permissions: resourcePermissionsSchema,
  /** Present when `validate` was asked for. */
  validation: istioValidationSchema.nullable(),
  references: istioReferencesSchema.nullable(),
  help: z.array(z.object({ objectField: z.string(), message: z.string() })).nullable(),
});
export type IstioConfigDetails = z.infer<typeof istioConfigDetailsSchema>;

export const validationSummarySchema = z.object({
  errors: z.number().int(),
  objectCount: z.number().int(),
  warnings: z.number().int(),
  namespace: z.string(),
  cluster: z.string(),
});
export type ValidationSummary = z.infer<typeof validationSummarySchema>;
export const validationSummariesSchema = z.array(validationSummarySchema);

/** A finding of a refused change, as the 422 error body's `findings` carries it. */
export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(severities),
  message: z.string(),
  path: z.string(),
  object: z
    .object({ kind: z.string(), apiVersion: z.string(), name: z.string(), namespace: z.string() })
    .optional(),
  /** Line and column (1-based) in the request body, or in the YAML a patch produced. */
  source: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }).optional(),
});
export type FindingWire = z.infer<typeof findingSchema>;

const q = (name: string, description: string, schema?: z.ZodType): ApiParam => ({
  name,
  in: 'query',
  description,
  ...(schema === undefined ? {} : { schema }),
});
const p = (name: string, description: string): ApiParam => ({
  name,
  in: 'path',
  description,
  required: true,
});

const VALIDATE = q(
  'validate',
  'Include validations: present (empty) or true; false or absent leaves them out',
  z.enum(['', 'true', 'false']),
);
const OBJECTS = q(
  'objects',
  'Kinds to list: `;`-separated GVK strings (`networking.istio.io/v1, Kind=VirtualService`) or comma-separated plurals (`virtualservices,gateways`); default all',
);
const CLUSTER = q('clusterName', 'Cluster (only `Kubernetes`, the default)');
/** Kubernetes' dry run: the whole check and the answer of a real write, nothing written. */
export const DRY_RUN_PARAM = q(
  'dryRun',
  'Check the change against the mesh and answer as the write would (200, or 422 with findings), writing nothing: true (or All, as kubectl sends), or false',
  z.enum(['', 'true', 'false', 'All']),
);
const OBJECT_PATH: readonly ApiParam[] = [
  p('namespace', 'The object’s namespace'),
  p('group', 'API group: networking.istio.io or security.istio.io'),
  p('version', 'API version, one Istio serves for the kind (v1, v1beta1, v1alpha3)'),
  p('kind', 'The kind: VirtualService, DestinationRule, …'),
];
const OBJECT = p('object', 'The object’s name');

const E400 = { status: 400, description: 'A parameter, path part or body is invalid; `param` names it' };
const E404 = { status: 404, description: 'The namespace or object does not exist' };
const E409 = {
  status: 409,
  description: 'The object exists (create), or `metadata.resourceVersion` is no longer current',
};
const E422 = {
  status: 422,
  description: 'Refused: the change has error findings; `findings` lists them and nothing changed',
};
const E503 = { status: 503, description: 'The config store cannot be used' };
const BODY = {
  description: 'The object (create), or a JSON merge patch or whole object (patch), as YAML or JSON',
  yamlOrJson: true,
} as const;
const DETAILS = { status: 200, description: 'Kiali’s IstioConfigDetails', schema: istioConfigDetailsSchema };

export const istioConfigEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/istio/config',
    tag: 'istio-config',
    summary: 'Istio config of namespaces, with validations (Kiali’s IstioConfigList)',
    params: [q('namespaces', 'Comma-separated namespaces (default: all)'), OBJECTS, VALIDATE, CLUSTER],
    responses: [
      { status: 200, description: 'Objects by kind and their validations', schema: istioConfigListSchema },
      E400,
      E404,
      E503,
    ],
  },
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/istio',
    tag: 'istio-config',
    summary: 'Istio config of one namespace (Kiali’s IstioConfigList)',
    params: [p('namespace', 'The namespace'), OBJECTS, VALIDATE, CLUSTER],
    responses: [
      { status: 200, description: 'Objects by kind and their validations', schema: istioConfigListSchema },
      E400,
      E404,
      E503,
    ],
  },
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}',
    tag: 'istio-config',
    summary: 'One Istio object with its validation and references (Kiali’s IstioConfigDetails)',
    params: [...OBJECT_PATH, OBJECT, VALIDATE, q('help', 'Accepted and ignored'), CLUSTER],
    responses: [DETAILS, E400, E404, E503],
  },
  {
    method: 'post',
    path: '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}',
    tag: 'istio-config',
    summary: 'Create an Istio object, checked against the whole mesh',
    params: [...OBJECT_PATH, DRY_RUN_PARAM, CLUSTER],
    body: BODY,
    responses: [DETAILS, E400, E404, E409, E422, E503],
  },
  {
    method: 'patch',
    path: '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}',
    tag: 'istio-config',
    summary: 'Update an Istio object by JSON merge patch (or whole object), checked against the mesh',
    params: [...OBJECT_PATH, OBJECT, DRY_RUN_PARAM, CLUSTER],
    body: BODY,
    responses: [DETAILS, E400, E404, E409, E422, E503],
  },
  {
    method: 'delete',
    path: '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}',
    tag: 'istio-config',
    summary: 'Delete an Istio object (never refused; objects it leaves dangling show in validations)',
    params: [...OBJECT_PATH, OBJECT, CLUSTER],
    responses: [{ status: 200, description: 'Deleted (empty body, as Kiali)' }, E400, E404, E503],
  },
  {
    method: 'get',
    path: '/api/istio/validations',
    tag: 'istio-config',
    summary: 'Validation summary per namespace: error and warning counts, objects validated',
    params: [q('namespaces', 'Comma-separated namespaces (default: all)'), CLUSTER],
    responses: [
      { status: 200, description: 'One summary per namespace', schema: validationSummariesSchema },
      E400,
      E404,
      E503,
    ],
  },
];
