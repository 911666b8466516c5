/**
 * The console API (Kiali-compatible): graph, health, metrics, traces, Istio config, logs and
 * mesh status, over Prometheus, the trace store, the config store and the running mesh.
 * `createConsole` wires each area's service to its adapters and returns the server route that
 * serves it; an area whose adapter is not given is not mounted (tests, `meshlens simulate`).
 * See README.md for endpoints and errors.
 */
import type { JaegerApi } from '../adapters/jaeger/index.ts';
import type { PrometheusApi } from '../adapters/prometheus/client/index.ts';
import type { Route } from '../net/route-server.ts';
import { consoleRoute, createConsoleApp } from './http/console-app.ts';
import type { WorkloadLogSource } from './inventory/log-source.ts';
import type { MeshStateSource } from './inventory/mesh-state.ts';
import { createAppsService } from './services/apps-service.ts';
import { createGraphService } from './services/graph-service.ts';
import { createHealthService } from './services/health-service.ts';
import type { IstioConfigStore } from './services/istio-config-service.ts';
import { createIstioConfigService } from './services/istio-config-service.ts';
import { createLogsService } from './services/logs-service.ts';
import type { MeshStatusDeps } from './services/mesh-status-service.ts';
import { createMeshStatusService } from './services/mesh-status-service.ts';
import { createMetricsService } from './services/metrics-service.ts';
import { createNamespacesService } from './services/namespaces-service.ts';
import { createObjectHealthService } from './services/object-health-service.ts';
import { createServicesService } from './services/services-service.ts';
import { createWorkloadsService } from './services/workloads-service.ts';
import type { EmbeddedTraceReader, ServiceNaming } from './services/traces-service.ts';
import { createTracesService } from './services/traces-service.ts';
import { createTracingSearchService } from './services/tracing-search-service.ts';

export { CONSOLE_PATH_PREFIXES, consoleRoute, createConsoleApp } from './http/console-app.ts';
export { ConsoleError, consoleErrorReasons, errorBodySchema, statusOfReason } from './errors.ts';
export type { ConsoleErrorReason, ErrorBody } from './errors.ts';
export { localMeshState } from './inventory/mesh-state.ts';
export type { MeshState, MeshStateSource } from './inventory/mesh-state.ts';
export { localLogSource } from './inventory/log-source.ts';

export interface ConsoleDeps {
  /** Graph and health need instant queries; metrics range queries; mesh status build info. */
  readonly prometheus: Pick<PrometheusApi, 'queryVector'> &
    Partial<Pick<PrometheusApi, 'queryRange' | 'buildInfo' | 'url'>>;
  readonly mesh: MeshStateSource;
  /** The trace store's Jaeger query API: the traces endpoints. */
  readonly jaeger?: JaegerApi;
  /** How app names map to Jaeger service names (default `<app>.<namespace>`). */
  readonly tracesServiceNaming?: ServiceNaming;
  /** The embedded trace store, when `jaeger` is its query API in this process (ADR 0011). */
  readonly embeddedTraces?: EmbeddedTraceReader;
  /** The config store: the Istio config endpoints. */
  readonly store?: IstioConfigStore;
  readonly logSource?: WorkloadLogSource;
  /** Mesh status probes; Prometheus is the one above. */
  readonly meshStatus?: Omit<MeshStatusDeps, 'prometheus'>;
  readonly nowSec?: () => number;
  readonly log?: (line: string) => void;
}

export function createConsole(deps: ConsoleDeps): Route {
  const { prometheus, mesh } = deps;
  const graph = createGraphService({ prometheus, mesh, ...(deps.log ? { log: deps.log } : {}) });
  const health = createHealthService({ prometheus, mesh });
  const inventory = {
    namespaces: createNamespacesService({ mesh }),
    apps: createAppsService({ prometheus, mesh }),
    workloads: createWorkloadsService({ prometheus, mesh }),
    services: createServicesService({ prometheus, mesh }),
    objectHealth: createObjectHealthService({ prometheus, mesh }),
  };
  const { queryRange, buildInfo, url } = prometheus;
  const metrics =
    queryRange === undefined
      ? undefined
      : createMetricsService({ prometheus: { queryRange: queryRange.bind(prometheus) }, mesh });
  const traces =
    deps.jaeger === undefined
      ? undefined
      : createTracesService({
          jaeger: deps.jaeger,
          mesh,
          ...(deps.tracesServiceNaming ? { serviceNaming: deps.tracesServiceNaming } : {}),
          ...(deps.embeddedTraces ? { embedded: deps.embeddedTraces } : {}),
        });
  const tracingSearch =
    deps.jaeger === undefined ? undefined : createTracingSearchService({ jaeger: deps.jaeger });
  const istioConfig = deps.store === undefined ? undefined : createIstioConfigService({ store: deps.store });
  const logs = deps.logSource === undefined ? undefined : createLogsService({ source: deps.logSource });
  const meshStatus =
    deps.meshStatus === undefined || buildInfo === undefined || url === undefined
      ? undefined
      : createMeshStatusService({
          ...deps.meshStatus,
          prometheus: { buildInfo: buildInfo.bind(prometheus), url },
        });
  return consoleRoute(
    createConsoleApp({
      graph,
      health,
      inventory,
      ...(metrics ? { metrics } : {}),
      ...(traces ? { traces } : {}),
      ...(tracingSearch ? { tracingSearch } : {}),
      ...(istioConfig ? { istioConfig } : {}),
      ...(logs ? { logs } : {}),
      ...(meshStatus ? { meshStatus } : {}),
      ...(deps.nowSec ? { nowSec: deps.nowSec } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    }),
  );
}
