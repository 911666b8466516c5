/**
 * Why a graph node has the health it has, from its `healthData` (Kiali's app, workload or
 * service health JSON): the request error rate of each direction judged by the tolerances (the
 * default ones, as the console does not know the server's `health_config`), each workload's
 * available replicas, and each workload's proxy sync. Each reason carries its own status, so the
 * panel can say which of them made the node Degraded or Failure.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import type { HealthKind, HealthStatus } from '@meshlens/mesh-core/health';
import {
  HealthToleranceMatcher,
  requestHealthSchema,
  requestHealthStatus,
  workloadStatusHealth,
  workloadStatusSchema,
} from '@meshlens/mesh-core/health';
import { z } from 'zod';

export const HEALTH_TOPICS = ['Requests', 'Replicas', 'Proxies'] as const;
export type HealthTopic = (typeof HEALTH_TOPICS)[number];

export interface HealthReason {
  readonly topic: HealthTopic;
  readonly status: HealthStatus;
  readonly text: string;
}

const healthDataSchema = z.object({
  workloadStatuses: z.array(workloadStatusSchema).optional(),
  workloadStatus: workloadStatusSchema.nullable().optional(),
  requests: requestHealthSchema.optional(),
});

function subject(node: GraphNodeData): { kind: HealthKind; name: string } | undefined {
  switch (node.nodeType) {
    case 'app':
      return node.app === undefined ? undefined : { kind: 'app', name: node.app };
    case 'workload':
      return node.workload === undefined ? undefined : { kind: 'workload', name: node.workload };
    case 'service':
      return node.service === undefined ? undefined : { kind: 'service', name: node.service };
    case 'box':
      return node.isBox === 'app' && node.app !== undefined ? { kind: 'app', name: node.app } : undefined;
    case 'aggregate':
    case 'unknown':
      return undefined;
  }
}

const pct = (n: number) => `${n.toFixed(n > 0 && n < 0.1 ? 2 : 1)}%`;

export function nodeHealthReasons(
  node: GraphNodeData,
  matcher: HealthToleranceMatcher = new HealthToleranceMatcher(),
): HealthReason[] {
  const parsed = healthDataSchema.safeParse(node.healthData);
  const who = subject(node);
  if (!parsed.success || who === undefined) return [];
  const data = parsed.data;
  const reasons: HealthReason[] = [];

  if (data.requests !== undefined) {
    const tolerances = matcher.tolerancesFor({
      namespace: node.namespace,
      name: who.name,
      kind: who.kind,
      annotations: data.requests.healthAnnotations,
    });
    for (const direction of ['inbound', 'outbound'] as const) {
      const rates = data.requests[direction];
      if (Object.values(rates).every((codes) => Object.keys(codes).length === 0)) continue;
      const one =
        direction === 'inbound'
          ? { inbound: rates, outbound: {}, healthAnnotations: {} }
          : { inbound: {}, outbound: rates, healthAnnotations: {} };
      const r = requestHealthStatus(one, tolerances);
      if (r.status === 'NA') continue;
      const label = direction === 'inbound' ? 'inbound' : 'outbound';
      reasons.push({
        topic: 'Requests',
        status: r.status,
        text: `${label} error rate ${pct(Math.max(r.errorRatio, 0))}`,
      });
    }
  }

  const statuses = data.workloadStatuses ?? (data.workloadStatus ? [data.workloadStatus] : []);
  for (const ws of statuses) {
    const replicas = workloadStatusHealth({ ...ws, syncedProxies: -1 });
    const current = ws.currentReplicas === ws.desiredReplicas ? '' : `, ${ws.currentReplicas} current`;
    reasons.push({
      topic: 'Replicas',
      status: replicas,
      text: `${ws.name} ${ws.availableReplicas}/${ws.desiredReplicas} available${current}`,
    });
    if (ws.syncedProxies >= 0 && ws.desiredReplicas > 0) {
      reasons.push({
        topic: 'Proxies',
        status: ws.syncedProxies < ws.desiredReplicas ? 'Degraded' : 'Healthy',
        text: `${ws.name} ${ws.syncedProxies}/${ws.desiredReplicas} synced`,
      });
    }
  }
  return reasons;
}
