/**
 * A running simulated mesh: the metrics exporter, a real Prometheus child process scraping it
 * (through the exporter's HTTP SD document) and, unless left out, the console API over both.
 * `stop()` stops everything in reverse order, Prometheus by its pid, and removes its data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from '../adapters/prometheus/client/index.ts';
import { startPrometheus } from '../adapters/prometheus/runtime/index.ts';
import { createConsole } from '../console/index.ts';
import { webConsoleRoute } from '../console/web/web-route.ts';
import { freePort } from '../net/free-port.ts';
import { serveRoutes } from '../net/route-server.ts';
import { startExporter } from './exporter.ts';
import { meshSeries } from './series.ts';
import { simulatedMeshSource } from './sim-mesh-state.ts';
import type { MeshShape, SimMesh } from './topology.ts';
import { generateMesh } from './topology.ts';

export interface SimulationOptions extends MeshShape {
  /** The exporter's port; 0 picks a free one. */
  readonly exporterPort: number;
  /** The console API's port; 0 picks a free one, `undefined` runs no console. */
  readonly consolePort?: number;
  /** Also serve the built web console there (from this directory). */
  readonly webDistDir?: string;
  /** Prometheus's port; 0 or absent picks a free one. */
  readonly prometheusPort?: number;
  readonly scrapeIntervalSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface RunningSimulation {
  readonly mesh: SimMesh;
  /** Unix seconds when every counter was 0 (and every namespace was created). */
  readonly startedSec: number;
  readonly exporterUrl: string;
  readonly prometheusUrl: string;
  readonly prometheusPid: number;
  /** How many `istio_requests_total` series the exporter serves. */
  readonly requestSeries: number;
  /** Absent when no console was asked for. */
  readonly consoleUrl?: string;
  stop(): Promise<void>;
}

export async function startSimulation(options: SimulationOptions): Promise<RunningSimulation> {
  const mesh = generateMesh(options);
  const startMs = Date.now();
  const startedSec = Math.floor(startMs / 1000);
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const pods = meshSeries(mesh);
    const exporter = await startExporter({ pods, startMs, port: options.exporterPort });
    stops.push(() => exporter.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'meshlens-simulate-'));
    stops.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    const prometheus = await startPrometheus({
      dataDir,
      port:
        options.prometheusPort === undefined || options.prometheusPort === 0
          ? await freePort()
          : options.prometheusPort,
      targetsUrl: exporter.targetsUrl,
      scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 5,
    });
    stops.push(() => prometheus.stop());
    let consoleUrl: string | undefined;
    if (options.consolePort !== undefined) {
      const route = createConsole({
        prometheus: new PrometheusClient({ url: prometheus.url }),
        mesh: simulatedMeshSource(mesh, startedSec),
        ...(options.log === undefined ? {} : { log: options.log }),
      });
      const routes = [route];
      if (options.webDistDir !== undefined) routes.push(webConsoleRoute({ distDir: options.webDistDir }));
      const server = await serveRoutes('127.0.0.1', options.consolePort, routes);
      stops.push(() => server.close());
      consoleUrl = server.url;
    }
    return {
      mesh,
      startedSec,
      exporterUrl: exporter.url,
      prometheusUrl: prometheus.url,
      prometheusPid: prometheus.pid,
      requestSeries: pods.reduce((n, p) => n + p.http.length, 0),
      ...(consoleUrl === undefined ? {} : { consoleUrl }),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface WaitForScrapesOptions {
  /** Series of `istio_requests_total` the mesh exports (`RunningSimulation.requestSeries`). */
  readonly series: number;
  /** Samples each must have; 2 is the least `rate()` needs. */
  readonly scrapes: number;
  readonly timeoutMs: number;
}

/**
 * Resolves once Prometheus holds at least `scrapes` samples of every request series (so `rate()`
 * is defined for all of them, not just for the targets scraped first) and some rate is non-zero.
 */
export async function waitForScrapes(prometheusUrl: string, options: WaitForScrapesOptions): Promise<void> {
  const client = new PrometheusClient({ url: prometheusUrl, cacheTtlMs: 0 });
  const scraped = `count(count_over_time(istio_requests_total[10m]) >= ${options.scrapes})`;
  const moving = 'sum(rate(istio_requests_total[10m])) > 0';
  const deadline = Date.now() + options.timeoutMs;
  let seen = 0;
  for (;;) {
    try {
      seen = (await client.queryVector(scraped)).result[0]?.value[1] ?? 0;
      if (seen >= options.series && (await client.queryVector(moving)).result.length > 0) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `Prometheus at ${prometheusUrl} had ${options.scrapes} samples of only ${seen} of ${options.series} request series in time`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
