/**
 * Kiali's health objects (kiali models/health.go), as the console API sends them: an app's
 * workload statuses and request health, a workload's status and request health, a service's
 * request health, each with the calculated `status`.
 */
import type { CalculatedHealth } from './calculator.ts';
import type { RequestHealth } from './requests.ts';
import type { WorkloadStatus } from './status.ts';

export interface AppHealth {
  readonly workloadStatuses: readonly WorkloadStatus[];
  readonly requests: RequestHealth;
  readonly status?: CalculatedHealth;
}

export interface WorkloadHealth {
  readonly workloadStatus: WorkloadStatus | null;
  readonly requests: RequestHealth;
  readonly status?: CalculatedHealth;
}

export interface ServiceHealth {
  readonly requests: RequestHealth;
  readonly status?: CalculatedHealth;
}

/** name → health, for one namespace. */
export type NamespaceAppHealth = Record<string, AppHealth>;
export type NamespaceWorkloadHealth = Record<string, WorkloadHealth>;
export type NamespaceServiceHealth = Record<string, ServiceHealth>;
