/** Everything a listener's request handler shares: built once by the sidecar, read per request. */
import type { ProxyIdentity } from './identity.ts';
import type { PeerCache } from './identity.ts';
import type { RequestMetrics } from './exchange.ts';
import type { Logger } from './logger.ts';
import type { ResilienceRegistry } from './resilience/registry.ts';
import type { SnapshotHolder } from './snapshot-source.ts';
import type { AccessLogWriter, ProxyMetrics, ProxyTracer } from './telemetry/index.ts';

export interface SidecarRuntime {
  readonly holder: SnapshotHolder;
  identity: ProxyIdentity;
  readonly peers: PeerCache;
  readonly metrics: RequestMetrics;
  readonly proxyMetrics: ProxyMetrics;
  readonly tracer: ProxyTracer;
  readonly accessLog: AccessLogWriter;
  readonly log: Logger;
  /** Per-cluster breakers, outlier detection and pools, and rate limit buckets: outlive snapshots. */
  readonly resilience: ResilienceRegistry;
}
