/**
 * The wire types of the console's config editor, beyond Kiali's endpoints (`istio-config.ts`):
 *
 * - `GET /api/istio/validation-snapshot`: the mesh as the server's validator sees it (Istio
 *   manifests that passed their checks, the registry, the mesh options), so the browser runs
 *   `new DocumentValidator(meshSnapshotFromJson(json)).validate({ text, file })` on every
 *   keystroke and gets the findings a save would get.
 * - `?dryRun=true` on create and update: the whole server check, nothing written.
 * - `GET …/{object}/revisions`: the object's history, oldest first, each with its YAML.
 * - `POST …/{object}/rollback?revision=<n>[&dryRun=true]`: restores a revision, checked like an
 *   update; answers Kiali's IstioConfigDetails as the update does.
 *
 * The registry travels as plain data: `MeshRegistry` without the source positions of its
 * Kubernetes objects (functions cannot travel, and findings on them are never the editor's).
 */
import { z } from 'zod';
import { isIstioKind } from '../config/kinds.ts';
import type { IstioKind } from '../config/kinds.ts';
import type { MeshRegistry } from '../config/kube.ts';
import { isPlainObject } from '../config/parse.ts';
import type { IstioResource, KubeResource, Resource } from '../config/resource.ts';
import { checkIstioResource } from '../validation/analyze.ts';
import type { MeshOptions, MeshSnapshot } from '../validation/context.ts';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';
import { DRY_RUN_PARAM, istioConfigDetailsSchema, k8sObjectSchema } from './istio-config.ts';
import { gvkOfStoredKind } from './istio-config-kinds.ts';

// Validation snapshot

const labelMap = z.record(z.string(), z.string());
const protocol = z.enum(['TCP', 'UDP', 'SCTP']);

/** A Kubernetes object of the registry: the store's Resource without its source positions. */
const kubeResourceSchema = <K extends 'Service' | 'Deployment'>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    apiVersion: z.string(),
    metadata: z.object({
      name: z.string(),
      namespace: z.string(),
      labels: labelMap,
      annotations: labelMap,
    }),
    body: z.record(z.string(), z.unknown()),
  });

export const meshRegistrySchema = z.object({
  namespaces: z.array(z.object({ name: z.string(), labels: labelMap, described: z.boolean() })),
  services: z.array(
    z.object({
      name: z.string(),
      namespace: z.string(),
      labels: labelMap,
      annotations: labelMap,
      selector: labelMap.optional(),
      ports: z.array(
        z.object({
          name: z.string().optional(),
          port: z.number().int(),
          targetPort: z.union([z.number().int(), z.string()]).optional(),
          protocol,
          appProtocol: z.string().optional(),
          nodePort: z.number().int().optional(),
        }),
      ),
      resource: kubeResourceSchema('Service').optional(),
    }),
  ),
  workloads: z.array(
    z.object({
      name: z.string(),
      namespace: z.string(),
      kind: z.literal('Deployment'),
      labels: labelMap,
      annotations: labelMap,
      replicas: z.number().int(),
      serviceAccountName: z.string(),
      containers: z.array(
        z.object({
          name: z.string(),
          image: z.string().optional(),
          ports: z.array(
            z.object({ containerPort: z.number().int(), name: z.string().optional(), protocol }),
          ),
          env: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })),
          command: z.array(z.string()),
          args: z.array(z.string()),
        }),
      ),
      resource: kubeResourceSchema('Deployment').optional(),
    }),
  ),
  serviceAccounts: z.array(z.object({ name: z.string(), namespace: z.string() })),
});
export type MeshRegistryJson = z.infer<typeof meshRegistrySchema>;

export const meshOptionsSchema = z.object({
  rootNamespace: z.string(),
  clusterDomain: z.string(),
  autoMtls: z.boolean(),
  outboundTrafficPolicy: z.enum(['ALLOW_ANY', 'REGISTRY_ONLY']).optional(),
});

/** An Istio object as Kubernetes shows it: `{apiVersion, kind, metadata, spec}`. */
export const istioManifestSchema = k8sObjectSchema.extend({
  spec: z.record(z.string(), z.unknown()),
});
export type IstioManifest = z.infer<typeof istioManifestSchema>;

export const validationSnapshotSchema = z.object({
  /** The config store revision the snapshot is of; it changes with every write. */
  revision: z.string(),
  /** Istio objects that passed their checks: those that take part in cross-resource checks. */
  resources: z.array(istioManifestSchema),
  registry: meshRegistrySchema,
  /** MeshConfig settings, Istio's defaults filled in. */
  options: meshOptionsSchema,
});
export type ValidationSnapshot = z.infer<typeof validationSnapshotSchema>;

/** A registry object's Kubernetes resource without its source (functions cannot travel). */
const kubeJson = <K extends 'Service' | 'Deployment'>(r: KubeResource<K> | undefined) =>
  r === undefined
    ? {}
    : { resource: { kind: r.kind, apiVersion: r.apiVersion, metadata: r.metadata, body: r.body } };

/** The registry as JSON: its Kubernetes objects without source positions. */
export function meshRegistryToJson(registry: MeshRegistry): MeshRegistryJson {
  return {
    namespaces: [...registry.namespaces],
    services: registry.services.map(({ resource, ...s }) => ({
      ...s,
      ports: [...s.ports],
      ...kubeJson(resource),
    })),
    workloads: registry.workloads.map(({ resource, ...w }) => ({
      ...w,
      containers: [...w.containers],
      ...kubeJson(resource),
    })),
    serviceAccounts: [...registry.serviceAccounts],
  };
}

/** An Istio resource as its manifest: the body the user wrote, metadata from the resource. */
export function istioManifestOf(resource: Resource): IstioManifest {
  const body = resource.body;
  const metadata = isPlainObject(body.metadata) ? body.metadata : {};
  return {
    ...body,
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: { ...metadata, name: resource.metadata.name, namespace: resource.metadata.namespace },
    spec: isPlainObject(body.spec) ? body.spec : {},
  };
}

/** What the server answers: the snapshot's objects as manifests, options with defaults. */
export function validationSnapshotOf(
  snapshot: MeshSnapshot & { readonly revision: string },
  options: MeshOptions,
): ValidationSnapshot {
  return {
    revision: snapshot.revision,
    resources: snapshot.resources.map(istioManifestOf),
    registry: meshRegistryToJson(snapshot.registry),
    options: { ...options },
  };
}

const stringMap = (raw: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isPlainObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
};

/** One manifest back into the typed resource the validator takes; undefined if it no longer passes. */
function istioResourceOf(manifest: IstioManifest): IstioResource | undefined {
  if (!isIstioKind(manifest.kind)) return undefined;
  const resource: Resource<IstioKind> = {
    kind: manifest.kind,
    apiVersion: manifest.apiVersion,
    metadata: {
      name: manifest.metadata.name,
      namespace: manifest.metadata.namespace ?? 'default',
      labels: stringMap(manifest.metadata.labels),
      annotations: stringMap(manifest.metadata.annotations),
    },
    body: manifest,
  };
  return checkIstioResource(resource).valid;
}

/**
 * The snapshot the browser's `DocumentValidator` takes, from the server's JSON (parsed here, so
 * any JSON value is accepted and a malformed one throws zod's error). Manifests go through the
 * same structural check as on the server; one that no longer passes (a newer server's field)
 * is left out, as the server leaves out objects that fail.
 */
export function meshSnapshotFromJson(json: unknown): MeshSnapshot & { readonly revision: string } {
  const parsed = validationSnapshotSchema.parse(json);
  const resources: IstioResource[] = [];
  for (const manifest of parsed.resources) {
    const resource = istioResourceOf(manifest);
    if (resource) resources.push(resource);
  }
  // The wire registry is MeshRegistry minus source positions, which the validator only uses
  // to point findings into files the editor never shows.
  const registry: MeshRegistry = parsed.registry;
  const { outboundTrafficPolicy, ...rest } = parsed.options;
  const options: MeshOptions = { ...rest, ...(outboundTrafficPolicy ? { outboundTrafficPolicy } : {}) };
  return { revision: parsed.revision, resources, registry, options };
}

// Revisions and rollback

/** The store's history operations (`create`, `update`, `delete`, `rollback`). */
export const configRevisionOperations = ['create', 'update', 'delete', 'rollback'] as const;
export type ConfigRevisionOperation = (typeof configRevisionOperations)[number];

export const configRevisionSchema = z.object({
  /** The store revision that wrote it: the object's resourceVersion from then on. */
  revision: z.string(),
  operation: z.enum(configRevisionOperations),
  /** ISO 8601. */
  timestamp: z.string(),
  generation: z.number().int(),
  apiVersion: z.string(),
  uid: z.string(),
  /** For a rollback: the revision whose content it restored. */
  rollbackOf: z.string().optional(),
  /** The object's manifest at that revision as YAML; empty for a deletion. */
  yaml: z.string(),
});
export type ConfigRevision = z.infer<typeof configRevisionSchema>;

export const configRevisionsSchema = z.object({
  /** Oldest first, across deletions and re-creations. */
  revisions: z.array(configRevisionSchema),
});
export type ConfigRevisions = z.infer<typeof configRevisionsSchema>;

// Paths

/** Where an object lives in Kiali's config paths. */
export interface ConfigObjectLocator {
  readonly namespace: string;
  readonly group: string;
  readonly version: string;
  /** The Kind, as `VirtualService`. */
  readonly kind: string;
  readonly name: string;
}

export const VALIDATION_SNAPSHOT_PATH = '/api/istio/validation-snapshot';

/** The locator of a stored kind's object at Kiali's version of the kind. */
export function configObjectLocator(kind: IstioKind, namespace: string, name: string): ConfigObjectLocator {
  const gvk = gvkOfStoredKind(kind);
  return { namespace, group: gvk.Group, version: gvk.Version, kind: gvk.Kind, name };
}

const enc = encodeURIComponent;

/** `POST` here creates an object of the kind. */
export function configKindPath(o: Omit<ConfigObjectLocator, 'name'>): string {
  return `/api/namespaces/${enc(o.namespace)}/istio/${enc(o.group)}/${enc(o.version)}/${enc(o.kind)}`;
}
/** `GET`, `PATCH`, `DELETE` of the object. */
export function configObjectPath(o: ConfigObjectLocator): string {
  return `${configKindPath(o)}/${enc(o.name)}`;
}
export function configRevisionsPath(o: ConfigObjectLocator): string {
  return `${configObjectPath(o)}/revisions`;
}
/** Add `?revision=<n>` (and `dryRun=true`) when calling it. */
export function configRollbackPath(o: ConfigObjectLocator): string {
  return `${configObjectPath(o)}/rollback`;
}

// Endpoints

const p = (name: string, description: string): ApiParam => ({
  name,
  in: 'path',
  description,
  required: true,
});
const OBJECT_PARAMS: readonly ApiParam[] = [
  p('namespace', 'The object’s namespace'),
  p('group', 'API group: networking.istio.io or security.istio.io'),
  p('version', 'API version, one Istio serves for the kind (v1, v1beta1, v1alpha3)'),
  p('kind', 'The kind: VirtualService, DestinationRule, …'),
  p('object', 'The object’s name'),
];
const OBJECT_PATH = '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}';
const E400 = { status: 400, description: 'A parameter or path part is invalid; `param` names it' };
const E503 = { status: 503, description: 'The config store cannot be used' };

export const istioConfigEditingEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: VALIDATION_SNAPSHOT_PATH,
    tag: 'istio-config',
    summary: 'The mesh as the server’s validator sees it, for validating config in the browser',
    description:
      'Istio objects that passed their checks, the registry (namespaces, services, workloads, service accounts) and the mesh options; `meshSnapshotFromJson` turns it into the snapshot `DocumentValidator` takes.',
    responses: [
      { status: 200, description: 'The snapshot at the store’s revision', schema: validationSnapshotSchema },
      E503,
    ],
  },
  {
    method: 'get',
    path: `${OBJECT_PATH}/revisions`,
    tag: 'istio-config',
    summary: 'Every revision of an object, oldest first, with its YAML (readable after deletion)',
    params: OBJECT_PARAMS,
    responses: [
      { status: 200, description: 'The object’s revisions', schema: configRevisionsSchema },
      E400,
      { status: 404, description: 'The namespace or object (in its whole history) does not exist' },
      E503,
    ],
  },
  {
    method: 'post',
    path: `${OBJECT_PATH}/rollback`,
    tag: 'istio-config',
    summary: 'Restore an object to one of its revisions, checked against the mesh like an update',
    description:
      'A rollback to a revision before a deletion re-creates the object. The answer is the object as the update answers it.',
    params: [
      ...OBJECT_PARAMS,
      {
        name: 'revision',
        in: 'query',
        required: true,
        description: 'The revision to restore (one of the object’s revisions)',
        schema: z.string().regex(/^[1-9]\d*$/),
      },
      DRY_RUN_PARAM,
    ],
    responses: [
      { status: 200, description: 'Kiali’s IstioConfigDetails', schema: istioConfigDetailsSchema },
      { status: 400, description: '`revision` is missing or not a number, or it is the deletion' },
      { status: 404, description: 'The object or the revision does not exist' },
      { status: 409, description: 'The object changed meanwhile' },
      {
        status: 422,
        description: 'Refused: the mesh now refuses that content; `findings` lists why, nothing changed',
      },
      E503,
    ],
  },
];
