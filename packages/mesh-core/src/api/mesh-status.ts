/**
 * The mesh's own health on the wire: Meshlens' status of its parts (`GET /api/mesh/status`: the
 * control plane, Prometheus, the trace store, each with its URL, status, version, latency and
 * error), Kiali's component list (`GET /api/istio/status`, `kubernetes.ComponentStatus`), and each
 * proxy's config sync as the control plane sees it (`GET /api/mesh/proxies`, istioctl's
 * proxy-status). A component that is down is data in a 200 answer, never an error status.
 */
import { z } from 'zod';
import type { ApiEndpoint } from './endpoint.ts';

/** Kiali's component statuses. */
export const COMPONENT_STATUSES = ['Healthy', 'Unhealthy', 'Unreachable', 'NotFound', 'NotReady'] as const;
export type ComponentStatusValue = (typeof COMPONENT_STATUSES)[number];

/** The parts of Meshlens the status reports on. */
export const MESH_COMPONENTS = ['controlPlane', 'prometheus', 'traceStore'] as const;
export type MeshComponent = (typeof MESH_COMPONENTS)[number];

export const componentHealthSchema = z.object({
  /** Kiali's component name: `istiod`, `prometheus`, `jaeger`. */
  name: z.string(),
  url: z.string(),
  status: z.enum(COMPONENT_STATUSES),
  /** The version it reports, when it reports one. */
  version: z.string().optional(),
  /** How long its probe took, connection to answer (also when it failed). */
  latencyMs: z.number().nonnegative(),
  /** Why it is not Healthy, naming the URL tried. */
  error: z.string().optional(),
  /** What it answered, in words (e.g. `12 services`). */
  detail: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

export const meshStatusSchema = z.object({
  /** Healthy when every component is. */
  status: z.enum(['Healthy', 'Unhealthy']),
  components: z.object({
    controlPlane: componentHealthSchema,
    prometheus: componentHealthSchema,
    traceStore: componentHealthSchema,
  }),
  proxies: z.object({
    total: z.number().int().nonnegative(),
    synced: z.number().int().nonnegative(),
    stale: z.number().int().nonnegative(),
    notSent: z.number().int().nonnegative(),
    disconnected: z.number().int().nonnegative(),
  }),
  /** Unix milliseconds when the probes ran. */
  checkedAt: z.number().int(),
});
export type MeshStatusJson = z.infer<typeof meshStatusSchema>;

/** Kiali's `kubernetes.ComponentStatus`. */
export const istioComponentStatusSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  status: z.enum(COMPONENT_STATUSES),
  is_core: z.boolean(),
});
export const istioStatusSchema = z.array(istioComponentStatusSchema);
export type IstioComponentStatusJson = z.infer<typeof istioComponentStatusSchema>;

/** istioctl proxy-status's words. */
export const PROXY_SYNC_STATES = ['Synced', 'Stale', 'Not sent'] as const;

export const proxySyncSchema = z.object({
  /** The proxy's node id (`sidecar~<ip>~<pod>.<ns>~<ns>.svc.cluster.local`). */
  node: z.string(),
  namespace: z.string(),
  workload: z.string(),
  /** From the node id, when it is in Istio's form. */
  pod: z.string().optional(),
  kind: z.enum(['sidecar', 'gateway']),
  connected: z.boolean(),
  state: z.enum(PROXY_SYNC_STATES),
  /** The revision last sent, and the one last acknowledged. */
  sent: z.string().optional(),
  acked: z.string().optional(),
  /** The last NACK: the revision refused and the proxy's reason. */
  lastNack: z.object({ revision: z.string(), error: z.string() }).optional(),
});
export type ProxySyncJson = z.infer<typeof proxySyncSchema>;

export const meshProxiesSchema = z.object({
  /** The control plane asked; its proxies are unknown (empty) when it is not Healthy. */
  controlPlane: componentHealthSchema,
  proxies: z.array(proxySyncSchema),
});
export type MeshProxiesJson = z.infer<typeof meshProxiesSchema>;

export const meshStatusEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/mesh/status',
    tag: 'mesh',
    summary: 'Reachability and version of the control plane, Prometheus and the trace store (Meshlens)',
    description:
      'Each component is probed at once (control plane `/healthz`, Prometheus `buildinfo`, the trace store’s ' +
      'Jaeger `/api/services`); one that is down is reported `Unreachable` with the URL tried and why.',
    responses: [{ status: 200, description: 'The status of every component', schema: meshStatusSchema }],
  },
  {
    method: 'get',
    path: '/api/istio/status',
    tag: 'mesh',
    summary: 'Kiali’s Istio component status',
    description:
      'Every component with Kiali’s status words: `istiod` (the control plane, core), `prometheus` and ' +
      '`jaeger` (add-ons).',
    responses: [{ status: 200, description: 'One entry per component', schema: istioStatusSchema }],
  },
  {
    method: 'get',
    path: '/api/mesh/proxies',
    tag: 'mesh',
    summary: 'Config sync of every proxy, as the control plane sees it (istioctl proxy-status)',
    responses: [
      { status: 200, description: 'Every proxy the control plane knows', schema: meshProxiesSchema },
    ],
  },
];
