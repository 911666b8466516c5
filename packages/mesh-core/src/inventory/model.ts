/**
 * What the console's lists and detail pages read about the running mesh, as plain data: the
 * registry and Istio resources of the config store, each workload's replicas as the platform runs
 * them, each proxy's sync state as the control plane reports it, the store's findings, and when
 * each object was created. The server fills it (its `MeshState` has this shape); everything in
 * this module is computed from it without I/O.
 */
import type { MeshRegistry } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import type { Finding } from '../validation/finding.ts';

/** One replica of a workload. */
export interface InventoryInstance {
  readonly namespace: string;
  readonly workload: string;
  /** The pod name (`<workload>-<replica>`). */
  readonly pod: string;
  /** Its sidecar and app run: it can take traffic. */
  readonly ready: boolean;
}

/** One proxy as the control plane sees it. */
export interface InventoryProxy {
  readonly namespace: string;
  readonly workload: string;
  /** The pod the proxy runs in, when the control plane knows it. */
  readonly pod?: string;
  /** Connected and running the latest snapshot. */
  readonly synced: boolean;
  /** False when the proxy's stream to the control plane is closed (istiod forgets such proxies). */
  readonly connected?: boolean;
  /** The revision last sent to the proxy, and the one it acknowledged (Istio's nonces). */
  readonly sent?: string;
  readonly acked?: string;
}

/** Server-owned metadata of a stored object. */
export interface ObjectStamp {
  readonly creationTimestamp: string;
  readonly resourceVersion: string;
}

export interface InventoryMesh {
  readonly registry: MeshRegistry;
  /** Istio resources that passed their checks. */
  readonly resources: readonly IstioResource[];
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  /** MeshConfig `enableAutoMtls`; Istio's default (true) when absent. */
  readonly autoMtls?: boolean;
  readonly instances: readonly InventoryInstance[];
  readonly proxies: readonly InventoryProxy[];
  /** The config store's findings on the stored mesh. */
  readonly findings?: readonly Finding[];
  /** Creation time and version of stored objects, by `stampKey`. */
  readonly objects?: ReadonlyMap<string, ObjectStamp>;
}

/** The cluster Meshlens reports for every object (Istio's default cluster id). */
export const INVENTORY_CLUSTER = 'Kubernetes';

/** The key of a stored object in `InventoryMesh.objects`. */
export function stampKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function stampOf(mesh: InventoryMesh, kind: string, namespace: string, name: string): ObjectStamp {
  return mesh.objects?.get(stampKey(kind, namespace, name)) ?? { creationTimestamp: '', resourceVersion: '' };
}

/** Every label of `selector` is on `labels`; an empty or absent selector selects nothing. */
export function selects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
