/**
 * The composition root of `meshlens start`: the config store, the embedded trace store, the
 * server (config API, proxy status, Prometheus service discovery, the platform's placement, the
 * console API's graph and health), the control plane's push server as a child process
 * (`meshlens discovery`, restarted when it dies), the local platform running the mesh (Bookinfo
 * and its ingress gateway by default), Prometheus scraping every proxy, and the demo's steady
 * load. Everything started here is stopped by `stop()`, in reverse order, by pid where it is a
 * process.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROMETHEUS_TARGETS_PATH,
  serveTargets,
  startPrometheus,
} from './adapters/prometheus/runtime/index.ts';
import { ensureSidecarBundle } from '../bin/build-sidecar.js';
import type { PrometheusProcess, ScrapeProxy } from './adapters/prometheus/runtime/index.ts';
import { PrometheusClient } from './adapters/prometheus/client/index.ts';
import type { ServerConfig } from './config.ts';
import { createJaegerClient } from './adapters/jaeger/index.ts';
import { createConsole, localLogSource, localMeshState } from './console/index.ts';
import { webConsoleRoute } from './console/web/web-route.ts';
import { ConfigStore } from './mesh/control-plane/config-store/index.ts';
import { configApi } from './mesh/control-plane/config-api.ts';
import { compileForWorkload } from './mesh/control-plane/control-plane.ts';
import { MESH_CHANGED_PATH } from './mesh/control-plane/discovery.ts';
import {
  proxyStatusOf,
  servePlacement,
  startDiscoveryProcess,
  waitForHealth,
} from './mesh/control-plane/discovery-process.ts';
import type { ManagedProcess } from './mesh/platform/supervisor.ts';
import { serveRoutes } from './net/route-server.ts';
import { bookinfoDemo } from './mesh/platform/demo.ts';
import { startLoadGenerator } from './mesh/platform/load-generator.ts';
import type { LoadGenerator } from './mesh/platform/load-generator.ts';
import { LocalPlatform } from './mesh/platform/local-platform.ts';
import { startTraceStore } from './trace-store/index.ts';

export interface RunningMeshlens {
  readonly controlPlaneUrl: string;
  /** Where proxies get their snapshots: the `meshlens discovery` child process. */
  readonly discoveryUrl: string;
  readonly discovery: ManagedProcess;
  readonly gatewayUrl: string;
  readonly prometheusUrl: string;
  readonly otlpUrl: string;
  /** Where the proxies send their spans: the embedded store's OTLP receiver, or the configured URL. */
  readonly traceExportUrl: string;
  readonly jaegerQueryUrl: string;
  readonly store: ConfigStore;
  readonly platform: LocalPlatform;
  stop(): Promise<void>;
}

/** This build's version (the root package's), reported by the mesh status. */
const MESHLENS_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Bookinfo's Gateway listens on 8080; the platform shifts every gateway port by the same offset. */
const BOOKINFO_GATEWAY_PORT = 8080;

export async function startMeshlens(
  config: ServerConfig,
  log: (line: string) => void,
): Promise<RunningMeshlens> {
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  try {
    mkdirSync(config.dataDir, { recursive: true });
    await ensureSidecarBundle({ log });
    const store = ConfigStore.open(config.dataDir);
    stops.push(() => {
      store.close();
    });
    if (config.demo && store.list().length === 0) {
      for (const [file, text] of bookinfoDemo()) {
        const result = store.applyText(text, file);
        if (result.status === 'refused')
          throw new Error(`the demo's ${file} was refused: ${JSON.stringify(result.findings)}`);
      }
      log(`installed the Bookinfo demo into ${config.dataDir}`);
    }
    const traces = await startTraceStore({
      dbPath: join(config.dataDir, 'traces.db'),
      host: config.host,
      otlpPort: config.otlpPort,
      queryPort: config.jaegerQueryPort,
    });
    stops.push(() => traces.close());
    const controlPlaneUrl = `http://${config.host}:${config.controlPlanePort}`;
    const discoveryUrl = `http://${config.host}:${config.discoveryPort}`;
    // The discovery process learns of every change by this call; when it is down (restarting),
    // it reads everything again on start, so a lost call loses nothing.
    const notifyDiscovery = (): void => {
      fetch(`${discoveryUrl}${MESH_CHANGED_PATH}`, {
        method: 'POST',
        signal: AbortSignal.timeout(5_000),
      }).then(
        (r) => void r.body?.cancel(),
        () => undefined,
      );
    };
    const platform = new LocalPlatform({
      controlPlaneUrl: discoveryUrl,
      traceEndpoint: config.traceExportUrl ?? `${traces.otlpUrl}/v1/traces`,
      traceSampling: config.traceSampling,
      gatewayPortOffset: config.gatewayPort - BOOKINFO_GATEWAY_PORT,
      onChange: notifyDiscovery,
    });
    stops.push(() => platform.stop());
    const proxies = (): ScrapeProxy[] =>
      platform.instances().map((i) => ({
        adminAddress: `127.0.0.1:${i.adminPort}`,
        namespace: i.namespace,
        pod: i.pod,
        workload: i.workload,
        labels: i.labels,
        kind: i.kind,
      }));
    // Prometheus starts after this server (it reads its targets from it); until it answers,
    // the console's queries fail with a 503 naming this URL.
    const prometheusUrl = config.prometheusUrl ?? `http://127.0.0.1:${config.prometheusPort}`;
    const mesh = localMeshState({ store, platform, proxyStatus: () => proxyStatusOf(discoveryUrl) });
    const jaegerUrl = config.jaegerUrl ?? traces.queryUrl;
    const consoleApi = createConsole({
      prometheus: new PrometheusClient({ url: prometheusUrl }),
      mesh,
      jaeger: createJaegerClient({ url: jaegerUrl }),
      ...(config.jaegerUrl === undefined ? { embeddedTraces: traces } : {}),
      tracesServiceNaming: config.tracingServiceNaming,
      store,
      logSource: localLogSource({ platform, mesh }),
      meshStatus: {
        discoveryUrl,
        controlPlaneVersion: MESHLENS_VERSION,
        proxyStatus: () => proxyStatusOf(discoveryUrl),
        traceStoreUrl: jaegerUrl,
        ...(config.jaegerUrl === undefined ? { traceStoreVersion: MESHLENS_VERSION } : {}),
      },
      log,
    });
    const server = await serveRoutes(config.host, config.controlPlanePort, [
      serveTargets(proxies),
      servePlacement(platform),
      configApi(store, {
        proxyStatus: () => proxyStatusOf(discoveryUrl),
        compileForWorkload: (namespace, name) => compileForWorkload(store, platform, { namespace, name }),
      }),
      consoleApi,
      // Last: the console's pages claim every GET path the routes above do not.
      webConsoleRoute({ distDir: config.webDistDir }),
    ]);
    stops.push(() => server.close());
    const unsubscribe = store.onChange(() => {
      platform.reconcile(store.snapshot().registry).then(notifyDiscovery, (e: unknown) => {
        log(`platform: ${(e as Error).message}`);
      });
    });
    stops.push(unsubscribe);
    const discovery = startDiscoveryProcess({
      dataDir: config.dataDir,
      host: config.host,
      port: config.discoveryPort,
      platformUrl: controlPlaneUrl,
    });
    stops.push(() => discovery.stop());
    await waitForHealth(discoveryUrl, discovery);
    await platform.reconcile(store.snapshot().registry);
    let prometheus: PrometheusProcess | undefined;
    if (config.prometheusUrl === undefined) {
      prometheus = await startPrometheus({
        dataDir: config.dataDir,
        port: config.prometheusPort,
        targetsUrl: `${controlPlaneUrl}${PROMETHEUS_TARGETS_PATH}`,
      });
      const p = prometheus;
      stops.push(() => p.stop());
    }
    let load: LoadGenerator | undefined;
    if (config.demo && config.loadRate > 0) {
      load = startLoadGenerator({
        gateway: { host: '127.0.0.1', port: config.gatewayPort },
        rate: config.loadRate,
      });
      const l = load;
      stops.push(() => {
        l.stop();
      });
    }
    return {
      controlPlaneUrl,
      discoveryUrl,
      discovery,
      gatewayUrl: `http://127.0.0.1:${config.gatewayPort}`,
      prometheusUrl: prometheus?.url ?? prometheusUrl,
      otlpUrl: traces.otlpUrl,
      traceExportUrl: config.traceExportUrl ?? `${traces.otlpUrl}/v1/traces`,
      jaegerQueryUrl: traces.queryUrl,
      store,
      platform,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
