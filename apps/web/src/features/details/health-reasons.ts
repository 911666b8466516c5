/**
 * Why an object has its health, in words: each workload's replica check (available/desired) and
 * proxy sync check (synced/desired), and each direction's request error rate — marked as the
 * cause when the server's status is worse than the replica checks alone explain, which is when
 * request errors went over the tolerance (Kiali's health calculation, mesh-core `health`).
 */
import type { HealthStatus, WorkloadStatus } from '@meshlens/mesh-core/health';
import { healthStatusPriority, workloadStatusHealth, worseHealthStatus } from '@meshlens/mesh-core/health';

export interface HealthReason {
  readonly status: HealthStatus;
  readonly text: string;
}

export interface HealthInput {
  readonly status?: { readonly status: HealthStatus; readonly errorRatio?: number } | undefined;
  readonly requests: {
    readonly inbound: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly outbound: Readonly<Record<string, Readonly<Record<string, number>>>>;
  };
  readonly workloadStatuses: readonly WorkloadStatus[];
}

/** Kiali's failed requests: no response (`-`), HTTP 0, 4xx and 5xx, gRPC statuses 1-16 (0 is OK). */
function isError(protocol: string, code: string): boolean {
  if (code === '-') return true;
  if (protocol === 'grpc') return /^([1-9]|1[0-6])$/.test(code);
  return code === '0' || /^[45]\d\d$/.test(code);
}

function tally(rates: Readonly<Record<string, Readonly<Record<string, number>>>>): {
  total: number;
  errors: number;
} {
  let total = 0;
  let errors = 0;
  for (const [protocol, codes] of Object.entries(rates)) {
    for (const [code, rate] of Object.entries(codes)) {
      total += rate;
      if (isError(protocol, code)) errors += rate;
    }
  }
  return { total, errors };
}

function replicaReasons(ws: WorkloadStatus): HealthReason[] {
  const out: HealthReason[] = [];
  const replicaStatus = workloadStatusHealth({ ...ws, syncedProxies: -1 });
  if (ws.desiredReplicas === 0) {
    out.push({ status: replicaStatus, text: `${ws.name}: scaled to 0 replicas` });
  } else {
    const current = ws.currentReplicas === ws.desiredReplicas ? '' : `, ${ws.currentReplicas} current`;
    out.push({
      status: replicaStatus,
      text: `${ws.name}: ${ws.availableReplicas}/${ws.desiredReplicas} replicas available${current}`,
    });
  }
  if (ws.syncedProxies >= 0 && ws.desiredReplicas > 0) {
    const notSynced = ws.syncedProxies < ws.desiredReplicas;
    out.push({
      status: notSynced ? 'Degraded' : 'Healthy',
      text: `${ws.name}: ${ws.syncedProxies}/${ws.desiredReplicas} proxies synced${notSynced ? ' (proxies not synced)' : ''}`,
    });
  }
  return out;
}

const fmtPct = (p: number) => `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
const fmtRate = (r: number) => `${r.toFixed(2)} req/s`;

export function healthReasons(input: HealthInput): HealthReason[] {
  const reasons = input.workloadStatuses.flatMap(replicaReasons);
  const replicaWorst = reasons.reduce<HealthStatus>((s, r) => worseHealthStatus(s, r.status), 'NA');
  const overall = input.status?.status;
  const requestsCaused =
    overall !== undefined &&
    (overall === 'Degraded' || overall === 'Failure') &&
    healthStatusPriority(overall) > healthStatusPriority(replicaWorst);
  const directions = (['inbound', 'outbound'] as const)
    .map((d) => ({ direction: d, ...tally(input.requests[d]) }))
    .filter((d) => d.total > 0)
    .map((d) => ({ ...d, pct: (d.errors / d.total) * 100 }));
  const worstPct = Math.max(0, ...directions.map((d) => d.pct));
  for (const d of directions) {
    const label = d.direction === 'inbound' ? 'Inbound requests' : 'Outbound requests';
    if (d.pct === 0) {
      reasons.push({ status: 'Healthy', text: `${label}: no errors (${fmtRate(d.total)})` });
    } else if (requestsCaused && d.pct === worstPct) {
      reasons.push({
        status: overall,
        text: `${label}: ${fmtPct(d.pct)} errors of ${fmtRate(d.total)} — request errors over the tolerance`,
      });
    } else {
      reasons.push({
        status: 'Healthy',
        text: `${label}: ${fmtPct(d.pct)} errors of ${fmtRate(d.total)}, within tolerance`,
      });
    }
  }
  if (directions.length === 0) reasons.push({ status: 'NA', text: 'No request traffic in the time range' });
  return reasons;
}
