/**
 * The Overview's sums: how many apps, services or workloads of a namespace are in each health
 * status, the namespace's mTLS status merged with the mesh's (Kiali's `nsWideMTLSStatus`: a
 * namespace that sets nothing inherits mesh-wide STRICT mTLS), and the inbound request rate of
 * the sparkline (every series summed per time).
 */
import type { MetricsMapJson } from '@meshlens/mesh-core/api/metrics';
import type { ClustersHealthJson, HealthStatus } from '@meshlens/mesh-core/health';
import type { MtlsStatusValue } from '@meshlens/mesh-core/inventory';
import type { HealthType } from './queries.ts';

export type HealthCounts = Readonly<Record<HealthStatus, number>>;

export function countHealth(
  health: ClustersHealthJson | undefined,
  type: HealthType,
  namespace: string,
): HealthCounts {
  const counts: Record<HealthStatus, number> = { Healthy: 0, Degraded: 0, Failure: 0, 'Not Ready': 0, NA: 0 };
  const byType =
    type === 'app'
      ? health?.namespaceAppHealth
      : type === 'service'
        ? health?.namespaceServiceHealth
        : health?.namespaceWorkloadHealth;
  for (const h of Object.values(byType?.[namespace] ?? {})) counts[h.status?.status ?? 'NA'] += 1;
  return counts;
}

export function totalOf(counts: HealthCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function namespaceMtls(
  nsStatus: MtlsStatusValue,
  meshStatus: MtlsStatusValue | undefined,
): {
  readonly status: MtlsStatusValue;
  readonly inherited: boolean;
} {
  if (meshStatus === 'MTLS_ENABLED' && nsStatus === 'MTLS_NOT_ENABLED')
    return { status: 'MTLS_ENABLED', inherited: true };
  return { status: nsStatus, inherited: false };
}

/** Kiali's words and lock icons for a namespace's mTLS. */
export function mtlsLook(
  status: MtlsStatusValue,
  inherited: boolean,
): { readonly icon: 'locked' | 'open' | 'none'; readonly text: string } {
  switch (status) {
    case 'MTLS_ENABLED':
      return { icon: 'locked', text: inherited ? 'mTLS is enabled (mesh-wide)' : 'mTLS is enabled' };
    case 'MTLS_PARTIALLY_ENABLED':
      return { icon: 'open', text: 'mTLS is partially enabled' };
    case 'MTLS_DISABLED':
      return { icon: 'open', text: 'mTLS is disabled' };
    case 'MTLS_NOT_ENABLED':
      return { icon: 'none', text: 'mTLS is not enabled (permissive)' };
  }
}

export interface TrafficPoint {
  readonly t: number;
  readonly rps: number;
}

export function inboundRate(metrics: MetricsMapJson | undefined): TrafficPoint[] {
  const sums = new Map<number, number>();
  for (const series of metrics?.request_count ?? []) {
    for (const [t, text] of series.datapoints) {
      const v = Number(text);
      sums.set(t, (sums.get(t) ?? 0) + (Number.isFinite(v) ? v : 0));
    }
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([t, rps]) => ({ t, rps }));
}
