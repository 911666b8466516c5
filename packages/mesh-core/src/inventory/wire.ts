/**
 * The console's lists and detail pages as Kiali sends them (kiali models/{namespaces,app,
 * workload,services,pod,mtls_status,istio_validation}.go and the frontend's types/*.ts), as
 * schemas the server answers with and the web console parses with; the types are inferred.
 *
 * Fields Kiali has for features Meshlens does not run (ambient mode, waypoints, Gateway API
 * routes, runtimes, additional details) are sent with their empty values, so a Kiali client finds
 * every field it reads. `AppWorkload.pods` is a Meshlens addition: the app page lists instances.
 */
import { z } from 'zod';
import { appHealthSchema, serviceHealthSchema, workloadHealthSchema } from '../health/wire.ts';
import { severities } from '../validation/catalogue.ts';

const labels = z.record(z.string(), z.string());

/**
 * The inferred types, read-only all the way down: what the builders produce (mesh-core's health
 * objects are read-only) and what a client should not mutate.
 */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export const groupVersionKindSchema = z.object({ Group: z.string(), Version: z.string(), Kind: z.string() });
export type GroupVersionKind = DeepReadonly<z.infer<typeof groupVersionKindSchema>>;

/** Kiali's `IstioValidationKey`: what `istioReferences` and validation `references` list. */
export const istioReferenceSchema = z.object({
  objectGVK: groupVersionKindSchema,
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
});
export type IstioReference = DeepReadonly<z.infer<typeof istioReferenceSchema>>;

export const istioCheckSchema = z.object({
  code: z.string(),
  message: z.string(),
  severity: z.enum(severities),
  path: z.string(),
});
export type IstioCheck = DeepReadonly<z.infer<typeof istioCheckSchema>>;

export const istioValidationSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  objectGVK: groupVersionKindSchema,
  valid: z.boolean(),
  checks: z.array(istioCheckSchema),
  references: z.array(istioReferenceSchema),
});
export type IstioValidation = DeepReadonly<z.infer<typeof istioValidationSchema>>;

/** objectType → `<name>.<namespace>` → validation. */
export const validationsSchema = z.record(z.string(), z.record(z.string(), istioValidationSchema));
export type Validations = DeepReadonly<z.infer<typeof validationsSchema>>;

export const MTLS_STATUSES = [
  'MTLS_ENABLED',
  'MTLS_PARTIALLY_ENABLED',
  'MTLS_NOT_ENABLED',
  'MTLS_DISABLED',
] as const;
export type MtlsStatusValue = (typeof MTLS_STATUSES)[number];

export const mtlsStatusSchema = z.object({
  status: z.enum(MTLS_STATUSES),
  autoMTLSEnabled: z.boolean(),
  minTLS: z.string(),
  cluster: z.string().optional(),
  namespace: z.string().optional(),
});
export type MtlsStatus = DeepReadonly<z.infer<typeof mtlsStatusSchema>>;

export const namespaceSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  isAmbient: z.boolean(),
  isControlPlane: z.boolean(),
  labels,
  annotations: labels,
  revision: z.string().optional(),
});
export type NamespaceJson = DeepReadonly<z.infer<typeof namespaceSchema>>;

/** Istio's per-xDS sync words as Kiali sends them. */
export const XDS_STATUSES = ['Synced', 'Stale', 'Stale (Never Acknowledged)', 'NOT_SENT'] as const;
export type XdsStatus = (typeof XDS_STATUSES)[number];
const xdsStatus = z.enum(XDS_STATUSES);
export const proxyStatusSchema = z.object({ CDS: xdsStatus, EDS: xdsStatus, LDS: xdsStatus, RDS: xdsStatus });
export type ProxyStatusJson = DeepReadonly<z.infer<typeof proxyStatusSchema>>;

const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  isProxy: z.boolean(),
  isReady: z.boolean(),
});

export const podSchema = z.object({
  name: z.string(),
  labels,
  createdAt: z.string(),
  createdBy: z.array(z.object({ name: z.string(), kind: z.string() })),
  containers: z.array(containerSchema),
  istioContainers: z.array(containerSchema),
  istioInitContainers: z.array(containerSchema),
  status: z.string(),
  statusMessage: z.string(),
  statusReason: z.string(),
  appLabel: z.boolean(),
  versionLabel: z.boolean(),
  annotations: labels,
  serviceAccountName: z.string(),
  /** Null when the control plane has no proxy for the pod. */
  proxyStatus: proxyStatusSchema.nullable(),
});
export type PodJson = DeepReadonly<z.infer<typeof podSchema>>;

export const servicePortSchema = z.object({
  name: z.string(),
  protocol: z.string(),
  port: z.number(),
  appProtocol: z.string().optional(),
  istioProtocol: z.string(),
  tlsMode: z.string(),
});

/** Kiali's `Service` (a Kubernetes Service as its pages show it). */
export const serviceSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  createdAt: z.string(),
  resourceVersion: z.string(),
  labels,
  annotations: labels,
  selectors: labels,
  type: z.string(),
  ip: z.string(),
  externalName: z.string(),
  ports: z.array(servicePortSchema),
  additionalDetails: z.array(z.unknown()),
});
export type ServiceJson = DeepReadonly<z.infer<typeof serviceSchema>>;

const workloadFlags = {
  isAmbient: z.boolean(),
  isGateway: z.boolean(),
  isWaypoint: z.boolean(),
  isZtunnel: z.boolean(),
  istioSidecar: z.boolean(),
};

export const appListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  ...workloadFlags,
  labels,
  istioReferences: z.array(istioReferenceSchema),
  health: appHealthSchema.optional(),
});
export type AppListItem = DeepReadonly<z.infer<typeof appListItemSchema>>;

export const appWorkloadSchema = z.object({
  workloadName: z.string(),
  namespace: z.string(),
  gvk: groupVersionKindSchema,
  ...workloadFlags,
  labels,
  serviceAccountNames: z.array(z.string()),
  pods: z.array(podSchema),
});

export const appDetailsSchema = z.object({
  name: z.string(),
  namespace: z.object({ name: z.string() }),
  cluster: z.string(),
  isAmbient: z.boolean(),
  workloads: z.array(appWorkloadSchema),
  serviceNames: z.array(z.string()),
  runtimes: z.array(z.unknown()),
  health: appHealthSchema.optional(),
});
export type AppDetails = DeepReadonly<z.infer<typeof appDetailsSchema>>;

export const workloadListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  gvk: groupVersionKindSchema,
  createdAt: z.string(),
  resourceVersion: z.string(),
  istioInjectionAnnotation: z.boolean().optional(),
  ...workloadFlags,
  labels,
  annotations: labels,
  appLabel: z.boolean(),
  versionLabel: z.boolean(),
  podCount: z.number(),
  healthAnnotations: labels,
  istioReferences: z.array(istioReferenceSchema),
  notCoveredAuthPolicy: z.boolean(),
  health: workloadHealthSchema.optional(),
});
export type WorkloadListItem = DeepReadonly<z.infer<typeof workloadListItemSchema>>;

export const workloadDetailsSchema = workloadListItemSchema.extend({
  desiredReplicas: z.number(),
  currentReplicas: z.number(),
  availableReplicas: z.number(),
  pods: z.array(podSchema),
  services: z.array(serviceSchema),
  runtimes: z.array(z.unknown()),
  additionalDetails: z.array(z.unknown()),
  validations: validationsSchema,
  waypointWorkloads: z.array(z.unknown()),
});
export type WorkloadDetails = DeepReadonly<z.infer<typeof workloadDetailsSchema>>;

export const serviceListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  istioSidecar: z.boolean(),
  isAmbient: z.boolean(),
  appLabel: z.boolean(),
  labels,
  selector: labels,
  ports: z.record(z.string(), z.number()),
  istioReferences: z.array(istioReferenceSchema),
  kialiWizard: z.string(),
  serviceRegistry: z.string(),
  health: serviceHealthSchema.optional(),
  validation: istioValidationSchema.optional(),
});
export type ServiceListItem = DeepReadonly<z.infer<typeof serviceListItemSchema>>;

/** An Istio object as Kiali returns it on detail pages. */
export const istioObjectSchema = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  metadata: z.object({ name: z.string(), namespace: z.string(), labels, annotations: labels }),
  spec: z.unknown(),
});

export const workloadOverviewSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  type: z.string(),
  createdAt: z.string(),
  resourceVersion: z.string(),
  labels,
  serviceAccountNames: z.array(z.string()),
  ...workloadFlags,
});

const endpointAddressSchema = z.object({ ip: z.string(), kind: z.string(), name: z.string() });

export const serviceDetailsSchema = z.object({
  service: serviceSchema,
  endpoints: z.array(
    z.object({ addresses: z.array(endpointAddressSchema), ports: z.array(servicePortSchema) }),
  ),
  workloads: z.array(workloadOverviewSchema),
  virtualServices: z.array(istioObjectSchema),
  destinationRules: z.array(istioObjectSchema),
  serviceEntries: z.array(istioObjectSchema),
  k8sHTTPRoutes: z.array(z.unknown()),
  k8sGRPCRoutes: z.array(z.unknown()),
  k8sInferencePools: z.array(z.unknown()),
  istioSidecar: z.boolean(),
  isAmbient: z.boolean(),
  istioPermissions: z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
  namespaceMTLS: mtlsStatusSchema,
  validations: validationsSchema,
  health: serviceHealthSchema.optional(),
});
export type ServiceDetails = DeepReadonly<z.infer<typeof serviceDetailsSchema>>;

const namespaceRef = z.object({ name: z.string() });

/** `GET /api/clusters/apps` (and `/api/namespaces/{ns}/apps`, with `namespace`). */
export const appListSchema = z.object({
  cluster: z.string(),
  namespace: namespaceRef.optional(),
  applications: z.array(appListItemSchema),
});
export const workloadListSchema = z.object({
  cluster: z.string(),
  namespace: namespaceRef.optional(),
  workloads: z.array(workloadListItemSchema),
  validations: validationsSchema,
});
export const serviceListSchema = z.object({
  cluster: z.string(),
  namespace: namespaceRef.optional(),
  services: z.array(serviceListItemSchema),
  validations: validationsSchema,
});
export type AppList = DeepReadonly<z.infer<typeof appListSchema>>;
export type WorkloadList = DeepReadonly<z.infer<typeof workloadListSchema>>;
export type ServiceList = DeepReadonly<z.infer<typeof serviceListSchema>>;
