/**
 * Kiali's health statuses and how they combine. The wire values are Kiali's (`Healthy`,
 * `Degraded`, `Failure`, `Not Ready`, `NA`); the console shows `NA` as "No health information".
 * Combining is worst-wins by Kiali's priority: Failure > Degraded > Not Ready > Healthy > NA
 * (kiali models/health_status.go, frontend types/Health.ts).
 */

export const HEALTH_STATUSES = ['Healthy', 'Degraded', 'Failure', 'Not Ready', 'NA'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

const PRIORITY: Readonly<Record<HealthStatus, number>> = {
  NA: 0,
  Healthy: 1,
  'Not Ready': 2,
  Degraded: 3,
  Failure: 4,
};

/** What the console prints for each status (Kiali's `Status.name`). */
export const HEALTH_STATUS_NAMES: Readonly<Record<HealthStatus, string>> = {
  Healthy: 'Healthy',
  Degraded: 'Degraded',
  Failure: 'Failure',
  'Not Ready': 'Not Ready',
  NA: 'No health information',
};

export function healthStatusPriority(status: HealthStatus): number {
  return PRIORITY[status];
}

/** The worse of two statuses; on a tie the second wins, as in Kiali's `MergeHealthStatus`. */
export function worseHealthStatus(a: HealthStatus, b: HealthStatus): HealthStatus {
  return PRIORITY[a] > PRIORITY[b] ? a : b;
}

/** Kiali's `WorkloadStatus`: replica counts and how many sidecars are in sync (-1: not applicable). */
export interface WorkloadStatus {
  readonly name: string;
  readonly desiredReplicas: number;
  readonly currentReplicas: number;
  readonly availableReplicas: number;
  readonly syncedProxies: number;
}

/**
 * Kiali's replica check (`WorkloadStatusHealth`, frontend `ratioCheck`): scaled to zero is Not
 * Ready; some but not all available is Degraded; none available, or pending pods, is Failure;
 * unsynced proxies are Degraded.
 */
export function workloadStatusHealth(ws: WorkloadStatus | undefined): HealthStatus {
  if (ws === undefined) return 'NA';
  const { desiredReplicas: desired, currentReplicas: current, availableReplicas: available } = ws;
  if (desired === 0) return 'Not Ready';
  if (desired > 0 && current > 0 && available > 0 && (current < desired || available < desired)) {
    return 'Degraded';
  }
  if (desired > 0 && available === 0) return 'Failure';
  if (desired === available && available !== current) return 'Failure';
  if (ws.syncedProxies >= 0 && ws.syncedProxies < desired) return 'Degraded';
  if (desired === current && current === available) return 'Healthy';
  return 'Degraded';
}
