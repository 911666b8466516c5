/**
 * Kiali's health calculation (kiali business/health_calculator.go).
 *
 * Request status: for each direction (inbound, then outbound), protocol and tolerance whose
 * direction and protocol regexes match, the error ratio is the rate of codes matching the
 * tolerance's code regex over the rate of all codes of that protocol, in percent. A ratio of 0
 * is Healthy; otherwise Failure at or above `failure` (when set), Degraded at or above
 * `degraded` (0 means any error). The worst status wins, with the ratio that caused it. Traffic
 * that no tolerance covers (TCP, or a direction no tolerance names) tells nothing: with no other
 * traffic the object is NA.
 *
 * Object status: apps merge request status with each workload's replica status, workloads with
 * their own, services use requests only — worst wins.
 */
import type { RequestHealth, RequestRates } from './requests.ts';
import { totalRequestRate } from './requests.ts';
import type { HealthStatus, WorkloadStatus } from './status.ts';
import { healthStatusPriority, workloadStatusHealth, worseHealthStatus } from './status.ts';
import type {
  CompiledTolerance,
  HealthObjectRef,
  HealthToleranceMatcher,
  TrafficDirection,
} from './tolerances.ts';

/** Kiali's `CalculatedHealthStatus`, sent as `status` on every health object. */
export interface CalculatedHealth {
  readonly status: HealthStatus;
  /** Error percentage behind the status; absent when there is no traffic. */
  readonly errorRatio?: number;
  readonly totalRequestRate: number;
}

interface StatusWithRatio {
  readonly status: HealthStatus;
  readonly ratio: number;
  readonly hasTraffic: boolean;
}

/** Kiali's `applyThresholds` (frontend `ascendingThresholdCheck`). `ratio` is a percentage. */
export function applyThresholds(ratio: number, degraded: number, failure: number): HealthStatus {
  if (ratio <= 0) return 'Healthy';
  if (failure > 0 && ratio >= failure) return 'Failure';
  if (ratio >= degraded) return 'Degraded';
  return 'Healthy';
}

function directional(
  traffic: RequestRates,
  tolerances: readonly CompiledTolerance[],
  direction: TrafficDirection,
): StatusWithRatio {
  let status: HealthStatus = 'NA';
  let ratio = -1;
  let hasTraffic = false;
  for (const [protocol, codes] of Object.entries(traffic)) {
    const entries = Object.entries(codes);
    if (entries.length === 0) continue;
    for (const tol of tolerances) {
      if (!tol.direction.test(direction) || !tol.protocol.test(protocol)) continue;
      let errors = 0;
      let total = 0;
      for (const [code, value] of entries) {
        total += value;
        if (tol.code.test(code)) errors += value;
      }
      if (total === 0) continue;
      hasTraffic = true;
      const r = (errors / total) * 100;
      const s = applyThresholds(r, tol.tolerance.degraded, tol.tolerance.failure);
      if (healthStatusPriority(s) > healthStatusPriority(status)) {
        status = s;
        ratio = r;
      }
    }
  }
  return { status, ratio, hasTraffic };
}

/** Request status and the error percentage behind it (-1 when NA). */
export function requestHealthStatus(
  requests: RequestHealth,
  tolerances: readonly CompiledTolerance[],
): { readonly status: HealthStatus; readonly errorRatio: number } {
  let status: HealthStatus = 'NA';
  let errorRatio = -1;
  let hasTraffic = false;
  for (const [rates, direction] of [
    [requests.inbound, 'inbound'],
    [requests.outbound, 'outbound'],
  ] as const) {
    const d = directional(rates, tolerances, direction);
    if (!d.hasTraffic) continue;
    hasTraffic = true;
    if (healthStatusPriority(d.status) > healthStatusPriority(status)) {
      status = d.status;
      errorRatio = d.ratio;
    }
  }
  if (status === 'NA' && hasTraffic) return { status: 'Healthy', errorRatio: 0 };
  return { status, errorRatio };
}

function calculated(status: HealthStatus, errorRatio: number, requests: RequestHealth): CalculatedHealth {
  const total = totalRequestRate(requests);
  return errorRatio >= 0
    ? { status, errorRatio, totalRequestRate: total }
    : { status, totalRequestRate: total };
}

export interface HealthSubject {
  readonly namespace: string;
  readonly name: string;
  readonly requests: RequestHealth;
}

export function calculateAppHealth(
  matcher: HealthToleranceMatcher,
  app: HealthSubject & { readonly workloadStatuses: readonly WorkloadStatus[] },
): CalculatedHealth {
  const tolerances = matcher.tolerancesFor({
    namespace: app.namespace,
    name: app.name,
    kind: 'app',
    annotations: app.requests.healthAnnotations,
  });
  const req = requestHealthStatus(app.requests, tolerances);
  let status = req.status;
  for (const ws of app.workloadStatuses) status = worseHealthStatus(status, workloadStatusHealth(ws));
  return calculated(status, req.errorRatio, app.requests);
}

export function calculateServiceHealth(
  matcher: HealthToleranceMatcher,
  service: HealthSubject,
): CalculatedHealth {
  const tolerances = matcher.tolerancesFor({
    namespace: service.namespace,
    name: service.name,
    kind: 'service',
    annotations: service.requests.healthAnnotations,
  });
  const req = requestHealthStatus(service.requests, tolerances);
  return calculated(req.status, req.errorRatio, service.requests);
}

export function calculateWorkloadHealth(
  matcher: HealthToleranceMatcher,
  workload: HealthSubject & { readonly workloadStatus: WorkloadStatus | undefined },
): CalculatedHealth {
  const tolerances = matcher.tolerancesFor({
    namespace: workload.namespace,
    name: workload.name,
    kind: 'workload',
    annotations: workload.requests.healthAnnotations,
  });
  const req = requestHealthStatus(workload.requests, tolerances);
  const status = worseHealthStatus(workloadStatusHealth(workload.workloadStatus), req.status);
  return calculated(status, req.errorRatio, workload.requests);
}

/** One end of an edge: the object whose tolerances judge it. */
export type EdgeEnd = HealthObjectRef;

/** The traffic of one edge, and the objects at its ends. */
export interface EdgeTraffic {
  readonly protocol: string;
  /** Rate by response code. */
  readonly codes: ReadonlyArray<readonly [string, number]>;
  readonly total: number;
  readonly source?: EdgeEnd;
  readonly dest?: EdgeEnd;
}

/** The edge judged by one end's tolerances: the source's outbound, or the destination's inbound. */
function judgeEdgeEnd(
  matcher: HealthToleranceMatcher,
  edge: EdgeTraffic,
  direction: TrafficDirection,
): HealthStatus {
  const end = direction === 'outbound' ? edge.source : edge.dest;
  if (end === undefined) return 'NA';
  let status: HealthStatus = 'NA';
  for (const tol of matcher.tolerancesFor(end)) {
    if (!tol.direction.test(direction) || !tol.protocol.test(edge.protocol)) continue;
    let errors = 0;
    for (const [code, value] of edge.codes) if (tol.code.test(code)) errors += value;
    status = worseHealthStatus(
      status,
      applyThresholds((errors / edge.total) * 100, tol.tolerance.degraded, tol.tolerance.failure),
    );
  }
  return status;
}

/**
 * Kiali's edge health: the edge's rates by code are judged against the source's outbound
 * tolerances and the destination's inbound tolerances; the worse result wins. `total` is the
 * edge's total rate for its protocol. NA when no tolerance covers the edge's traffic.
 */
export function edgeHealthStatus(matcher: HealthToleranceMatcher, edge: EdgeTraffic): HealthStatus {
  if (edge.total <= 0) return 'NA';
  return worseHealthStatus(judgeEdgeEnd(matcher, edge, 'outbound'), judgeEdgeEnd(matcher, edge, 'inbound'));
}
