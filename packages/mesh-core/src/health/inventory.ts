/**
 * What health (and the graph's appenders) need to know about the mesh's objects, as plain data
 * the server fills from its registry: workloads with replica counts, sidecar presence and proxy
 * sync state, and services with their labels and annotations.
 */
import type { WorkloadStatus } from './status.ts';
import { HEALTH_RATE_ANNOTATION } from './tolerances.ts';

/** Istio's default cluster id; what sidecars report as `source_cluster` unless configured. */
export const DEFAULT_CLUSTER = 'Kubernetes';

export interface MeshWorkload {
  /** The cluster the workload runs in; `DEFAULT_CLUSTER` when absent. */
  readonly cluster?: string;
  readonly namespace: string;
  readonly name: string;
  /** Pod template labels (`app`, `version`, …). */
  readonly labels: Readonly<Record<string, string>>;
  /** Workload annotations; `health.kiali.io/rate` overrides the health tolerances. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly desiredReplicas: number;
  /** Instances that exist now, ready or not (Kiali uses this to flag a node as dead at 0). */
  readonly currentReplicas: number;
  readonly availableReplicas: number;
  readonly hasSidecar: boolean;
  /** Instances whose proxy runs the control plane's latest snapshot (Synced). */
  readonly syncedProxies: number;
  /** Set when the workload is an Istio ingress or egress gateway. */
  readonly gateway?: {
    readonly type: 'ingress' | 'egress';
    /** Hosts of the Gateway resources selecting this workload. */
    readonly hostnames: readonly string[];
  };
}

export interface MeshService {
  readonly cluster?: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Label keys Kiali reads an app name from, in order. */
export const APP_LABELS = ['app', 'app.kubernetes.io/name'] as const;
/** Label keys Kiali reads a version from, in order. */
export const VERSION_LABELS = ['version', 'app.kubernetes.io/version'] as const;

function firstLabel(labels: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function appLabelOf(labels: Readonly<Record<string, string>>): string | undefined {
  return firstLabel(labels, APP_LABELS);
}

export function versionLabelOf(labels: Readonly<Record<string, string>>): string | undefined {
  return firstLabel(labels, VERSION_LABELS);
}

/** Kiali's `CastWorkloadStatus`: proxy sync counts only for sidecar workloads that are not gateways. */
export function workloadStatusOf(w: MeshWorkload): WorkloadStatus {
  return {
    name: w.name,
    desiredReplicas: w.desiredReplicas,
    currentReplicas: w.currentReplicas,
    availableReplicas: w.availableReplicas,
    syncedProxies: w.hasSidecar && w.gateway === undefined ? w.syncedProxies : -1,
  };
}

/** The health annotations Kiali reports for an object: only `health.kiali.io/rate`. */
export function healthAnnotationsOf(
  annotations: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const value = annotations[HEALTH_RATE_ANNOTATION];
  return value === undefined ? {} : { [HEALTH_RATE_ANNOTATION]: value };
}
