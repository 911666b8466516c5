import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdmin } from './admin.ts';
import { Logger } from './logger.ts';
import { address, CLUSTER, testCluster } from './resilience/fixtures.test-support.ts';
import { ResilienceRegistry } from './resilience/registry.ts';
import type { SidecarRuntime } from './runtime.ts';
import { SnapshotHolder } from './snapshot-source.ts';
import { createProxyMetrics } from './telemetry/index.ts';

let server: Server;
let url: string;
let holder: SnapshotHolder;
let registry: ResilienceRegistry;

beforeEach(async () => {
  const proxyMetrics = createProxyMetrics();
  registry = new ResilienceRegistry({ stats: proxyMetrics.resilienceStats });
  holder = new SnapshotHolder('test', registry);
  const offered = holder.offer({
    version: 1,
    revision: '1',
    proxy: { kind: 'sidecar', workload: 'client-v1', namespace: 'default', labels: {} },
    listeners: [],
    routeTables: [],
    clusters: [
      testCluster(2, {
        connectionPool: { maxConnections: 1, maxPendingRequests: 1, maxRetries: 3 },
        outlierDetection: { consecutive5xxErrors: 1, maxEjectionPercent: 50 },
      }),
    ],
  });
  if (!offered.ok) throw new Error(offered.error);
  // Only what /clusters and /stats/prometheus read.
  const runtime = {
    holder,
    log: new Logger('off'),
    proxyMetrics,
    resilience: registry,
  } as unknown as SidecarRuntime;
  server = await startAdmin(
    {
      runtime,
      startedAt: Date.now(),
      ready: () => true,
      listenerAddresses: () => [],
      shutdown: () => undefined,
    },
    '127.0.0.1',
    0,
  );
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});

afterEach(async () => {
  registry.close();
  await new Promise((r) => server.close(r));
});

function eject(): void {
  holder.current?.clusters.get(CLUSTER)?.resilience.outlier?.report(address(1), 503);
}

describe('admin /clusters', () => {
  it('prints circuit breaker thresholds and outlier lines as Envoy does', async () => {
    const text = await (await fetch(`${url}/clusters`)).text();
    const lines = text.split('\n');
    expect(lines).toContain(`${CLUSTER}::default_priority::max_connections::1`);
    expect(lines).toContain(`${CLUSTER}::default_priority::max_pending_requests::1`);
    expect(lines).toContain(`${CLUSTER}::default_priority::max_requests::4294967295`);
    expect(lines).toContain(`${CLUSTER}::default_priority::max_retries::3`);
    expect(lines).toContain(`${CLUSTER}::high_priority::max_retries::3`);
    expect(lines).toContain(`${CLUSTER}::outlier::success_rate_average::-1`);
    expect(lines.indexOf(`${CLUSTER}::observability_name::${CLUSTER}`)).toBeLessThan(
      lines.indexOf(`${CLUSTER}::outlier::success_rate_average::-1`),
    );
    expect(lines).toContain(`${CLUSTER}::${address(1)}::health_flags::healthy`);
  });

  it('flags an ejected host failed_outlier_check, in text and JSON', async () => {
    eject();
    const text = await (await fetch(`${url}/clusters`)).text();
    expect(text.split('\n')).toContain(`${CLUSTER}::${address(1)}::health_flags::/failed_outlier_check`);
    expect(text.split('\n')).toContain(`${CLUSTER}::${address(2)}::health_flags::healthy`);
    const json = (await (await fetch(`${url}/clusters?format=json`)).json()) as {
      cluster_statuses: Array<{
        name: string;
        circuit_breakers: { thresholds: Array<Record<string, unknown>> };
        host_statuses: Array<{
          address: { socket_address: { address: string; port_value: number } };
          health_status: Record<string, unknown>;
        }>;
      }>;
    };
    const cluster = json.cluster_statuses.find((c) => c.name === CLUSTER);
    expect(cluster?.circuit_breakers.thresholds[0]).toMatchObject({
      max_connections: 1,
      max_pending_requests: 1,
    });
    const status = (ip: string) =>
      cluster?.host_statuses.find((h) => h.address.socket_address.address === ip)?.health_status;
    expect(status('10.0.0.1')).toEqual({ eds_health_status: 'HEALTHY', failed_outlier_check: true });
    expect(status('10.0.0.2')).toEqual({ eds_health_status: 'HEALTHY' });
  });

  it('exposes the ejection on /stats/prometheus', async () => {
    eject();
    const text = await (await fetch(`${url}/stats/prometheus`)).text();
    expect(text).toContain(`envoy_cluster_outlier_detection_ejections_active{cluster_name="${CLUSTER}"} 1`);
    expect(text).toContain(
      `envoy_cluster_outlier_detection_ejections_enforced_consecutive_5xx{cluster_name="${CLUSTER}"} 1`,
    );
    expect(text).toContain(`envoy_cluster_upstream_rq_pending_overflow{cluster_name="${CLUSTER}"} 0`);
  });
});
