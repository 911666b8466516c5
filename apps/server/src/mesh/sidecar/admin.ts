/**
 * The admin endpoint, with Envoy's paths and output shapes where users script against them:
 * `/ready` (200 `LIVE` once serving), `/stats/prometheus`, `/config_dump`, `/listeners`, `/clusters` (text as
 * Envoy prints it — circuit breaker thresholds, and `health_flags::/failed_outlier_check` for a host
 * outlier detection ejected — or `?format=json`), `/logging` (GET lists levels, POST `?level=` or
 * `?<logger>=<level>` changes them), `/server_info` and POST `/quitquitquit`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ClusterRuntime } from './active-config.ts';
import type { EndpointRuntime } from './load-balancer.ts';
import { isLoggerName, isLogLevel, LOG_LEVELS } from './logger.ts';
import type { SidecarRuntime } from './runtime.ts';

export interface AdminState {
  readonly runtime: SidecarRuntime;
  readonly startedAt: number;
  ready(): boolean;
  listenerAddresses(): string[];
  shutdown(): void;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=UTF-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache, max-age=0',
  });
  res.end(body);
}

/** Envoy's thresholds for the high priority, which Istio leaves at Envoy's defaults. */
const HIGH_PRIORITY = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };

type Thresholds = ClusterRuntime['resilience']['breakers']['thresholds'];

function circuitLines(name: string, priority: string, t: Thresholds): string[] {
  const p = `${name}::${priority}_priority`;
  return [
    `${p}::max_connections::${t.maxConnections}`,
    `${p}::max_pending_requests::${t.maxPendingRequests}`,
    `${p}::max_requests::${t.maxRequests}`,
    `${p}::max_retries::${t.maxRetries}`,
  ];
}

function ejected(c: ClusterRuntime, e: EndpointRuntime): boolean {
  return c.resilience.outlier?.isEjected(e.address) === true;
}

/** Envoy's text /clusters: cluster lines (outlier, circuit breakers), then each host's. */
function clustersText(state: AdminState): string {
  const config = state.runtime.holder.current;
  if (!config) return '';
  const lines: string[] = [];
  for (const [name, c] of config.clusters) {
    lines.push(`${name}::observability_name::${name}`);
    if (c.resilience.outlier)
      for (const stat of [
        'success_rate_average',
        'success_rate_ejection_threshold',
        'local_origin_success_rate_average',
        'local_origin_success_rate_ejection_threshold',
      ])
        lines.push(`${name}::outlier::${stat}::-1`);
    lines.push(...circuitLines(name, 'default', c.resilience.breakers.thresholds));
    lines.push(...circuitLines(name, 'high', HIGH_PRIORITY), `${name}::added_via_api::true`);
    for (const e of c.endpoints) {
      const p = `${name}::${e.address}`;
      lines.push(`${p}::rq_active::${e.active}`, `${p}::rq_error::${e.errors}`, `${p}::rq_total::${e.total}`);
      lines.push(
        `${p}::health_flags::${ejected(c, e) ? '/failed_outlier_check' : 'healthy'}`,
        `${p}::weight::1`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function thresholdsJson(t: Thresholds, priority?: 'HIGH'): Record<string, unknown> {
  return {
    ...(priority ? { priority } : {}),
    max_connections: t.maxConnections,
    max_pending_requests: t.maxPendingRequests,
    max_requests: t.maxRequests,
    max_retries: t.maxRetries,
  };
}

function clustersJson(state: AdminState): unknown {
  const config = state.runtime.holder.current;
  return {
    cluster_statuses: [...(config?.clusters.values() ?? [])].map((c) => ({
      name: c.cluster.name,
      added_via_api: true,
      circuit_breakers: {
        thresholds: [thresholdsJson(c.resilience.breakers.thresholds), thresholdsJson(HIGH_PRIORITY, 'HIGH')],
      },
      host_statuses: c.endpoints.map((e) => ({
        address: { socket_address: { address: e.host, port_value: e.port } },
        stats: [
          { name: 'rq_active', value: e.active },
          { name: 'rq_error', value: e.errors },
          { name: 'rq_total', value: e.total },
        ],
        health_status: {
          eds_health_status: 'HEALTHY',
          ...(ejected(c, e) ? { failed_outlier_check: true } : {}),
        },
        weight: 1,
        metadata: {
          workload: e.endpoint.workload,
          namespace: e.endpoint.namespace,
          labels: e.endpoint.labels,
        },
      })),
      // Endpoints the snapshot lists but no platform has placed yet: Envoy would not know them.
      unresolved_endpoints: c.cluster.endpoints.filter((e) => e.address === null).length,
    })),
  };
}

function configDump(state: AdminState): unknown {
  const config = state.runtime.holder.current;
  const status = state.runtime.holder.status;
  return {
    configs: [
      {
        '@type': 'type.meshlens.io/ProxySnapshotDump',
        version_info: config?.snapshot.revision ?? '',
        snapshot_format: config?.snapshot.version ?? null,
        last_updated: config ? new Date(config.loadedAt).toISOString() : null,
        source: status.source,
        ...(status.rejected
          ? {
              error_state: {
                last_update_attempt: new Date(status.rejected.at).toISOString(),
                details: status.rejected.error,
              },
            }
          : {}),
        snapshot: config?.snapshot ?? null,
      },
    ],
  };
}

function logging(state: AdminState, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const log = state.runtime.log;
  if (req.method === 'POST') {
    for (const [key, value] of url.searchParams) {
      if (!isLogLevel(value)) {
        send(
          res,
          400,
          `error: unknown log level '${value}' for '${key}'; levels: ${LOG_LEVELS.join(', ')}\n`,
        );
        return;
      }
      if (key === 'level') log.setAll(value);
      else if (isLoggerName(key)) log.set(key, value);
      else {
        send(res, 400, `error: unknown logger '${key}'\n`);
        return;
      }
    }
  }
  send(
    res,
    200,
    `active loggers:\n${log
      .levels()
      .map(([n, l]) => `  ${n}: ${l}`)
      .join('\n')}\n`,
  );
}

async function route(state: AdminState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin');
  switch (url.pathname) {
    case '/ready':
      send(res, state.ready() ? 200 : 503, state.ready() ? 'LIVE\n' : 'PRE_INITIALIZING\n');
      return;
    case '/stats/prometheus': {
      const m = state.runtime.proxyMetrics;
      send(res, 200, await m.exposition(), m.contentType);
      return;
    }
    case '/config_dump':
      send(res, 200, JSON.stringify(configDump(state), null, 2), 'application/json');
      return;
    case '/clusters':
      if (url.searchParams.get('format') === 'json')
        send(res, 200, JSON.stringify(clustersJson(state), null, 2), 'application/json');
      else send(res, 200, clustersText(state));
      return;
    case '/logging':
      logging(state, req, url, res);
      return;
    case '/server_info': {
      const id = state.runtime.identity;
      send(
        res,
        200,
        JSON.stringify(
          {
            state: state.ready() ? 'LIVE' : 'PRE_INITIALIZING',
            uptime_current_epoch: `${Math.round((Date.now() - state.startedAt) / 1000)}s`,
            node: { id: id.nodeId, metadata: id.metadata },
            listeners: state.listenerAddresses(),
          },
          null,
          2,
        ),
        'application/json',
      );
      return;
    }
    case '/memory': {
      // Envoy's /memory names, from Node's view of the process.
      const m = process.memoryUsage();
      send(
        res,
        200,
        JSON.stringify(
          {
            allocated: String(m.heapUsed),
            heap_size: String(m.heapTotal),
            external: String(m.external),
            array_buffers: String(m.arrayBuffers),
            total_physical_bytes: String(m.rss),
          },
          null,
          2,
        ),
        'application/json',
      );
      return;
    }
    case '/listeners':
      // Envoy's text form: one `<listener name>::<bound address>` per line.
      send(
        res,
        200,
        state
          .listenerAddresses()
          .map((l) => `${l}\n`)
          .join(''),
      );
      return;
    case '/quitquitquit':
      if (req.method !== 'POST') {
        send(res, 405, 'This endpoint requires POST\n');
        return;
      }
      send(res, 200, 'OK\n');
      state.shutdown();
      return;
    case '/':
      send(
        res,
        200,
        'admin commands are:\n  /clusters\n  /config_dump\n  /listeners\n  /memory\n  /logging\n  /quitquitquit\n  /ready\n  /server_info\n  /stats/prometheus\n',
      );
      return;
    default:
      send(res, 404, `invalid path: ${url.pathname}\n`);
  }
}

export function startAdmin(state: AdminState, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    route(state, req, res).catch((e: unknown) => {
      state.runtime.log.error('admin', `${req.url ?? ''}: ${(e as Error).message}`);
      if (!res.headersSent) send(res, 500, 'internal error\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
