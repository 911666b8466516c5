/**
 * A real Prometheus for the metrics endpoints' tests (Debian's `prometheus`, started as Meshlens
 * starts it: generated config, targets through HTTP SD), scraping the Prometheus client's fixture
 * exporter every second — productpage-v1 calling reviews-v2 (4 requests/s answered 200 and 1 with
 * 500, each lasting 30 ms) and details-v1 (2/s, 3 ms each), as its sidecar reports them — and
 * ready once it holds 12 s of samples, so rates over windows in the last few seconds are exact.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from '../../adapters/prometheus/client/index.ts';
import { startFixtureExporter } from '../../adapters/prometheus/client/testing/fixture-exporter.ts';
import type { FixtureExporter } from '../../adapters/prometheus/client/testing/fixture-exporter.ts';
import { startPrometheus } from '../../adapters/prometheus/runtime/prometheus-process.ts';
import type { PrometheusProcess } from '../../adapters/prometheus/runtime/prometheus-process.ts';
import { PROMETHEUS_TARGETS_PATH, serveTargets } from '../../adapters/prometheus/runtime/targets.ts';
import { freePort } from '../../net/free-port.ts';

export interface FixturePrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

const SAMPLES_SECONDS = 12;

export async function startFixturePrometheus(options: {
  readonly budgetMs: number;
}): Promise<FixturePrometheus> {
  const deadline = Date.now() + options.budgetMs;
  const dir = await mkdtemp(join(tmpdir(), 'meshlens-metrics-'));
  let exporter: FixtureExporter | undefined;
  let targets: Server | undefined;
  let prometheus: PrometheusProcess | undefined;
  const stop = async (): Promise<void> => {
    await prometheus?.stop();
    await exporter?.close();
    const server = targets;
    if (server) await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const started = await startFixtureExporter();
    exporter = started;
    const handle = serveTargets(() => [
      {
        adminAddress: started.address,
        namespace: 'default',
        pod: 'productpage-v1-0',
        workload: 'productpage-v1',
        labels: { app: 'productpage', version: 'v1' },
        kind: 'sidecar',
      },
    ]);
    const server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(404).end();
    });
    targets = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const running = await startPrometheus({
      dataDir: dir,
      port: await freePort(),
      targetsUrl: `http://127.0.0.1:${port}${PROMETHEUS_TARGETS_PATH}`,
      scrapeIntervalSeconds: 1,
      readyTimeoutMs: 15_000,
      stopTimeoutMs: 5_000,
    });
    prometheus = running;
    // rate() near a series' start is underestimated: wait until every window asked for lies after it.
    const poll = new PrometheusClient({ url: running.url, timeBucketSeconds: 1, cacheTtlMs: 0 });
    let firstSeenMs: number | undefined;
    for (;;) {
      const { result } = await poll.queryVector(
        `min(count_over_time(istio_requests_total{reporter="source"}[${SAMPLES_SECONDS}s]))`,
      );
      const samples = result[0]?.value[1];
      if (samples !== undefined) firstSeenMs ??= Date.now();
      if (
        firstSeenMs !== undefined &&
        Date.now() - firstSeenMs >= SAMPLES_SECONDS * 1000 &&
        (samples ?? 0) >= 11
      ) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Prometheus had ${samples ?? 'no'} samples after ${options.budgetMs} ms ` +
            `(${started.scrapes()} scrapes); its log:\n${running.log().join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return { url: running.url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
