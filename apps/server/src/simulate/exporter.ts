/**
 * The simulated proxies' metrics over HTTP on 127.0.0.1:
 *
 * - `GET /metrics`: every pod's series in one exposition;
 * - `GET /stats/prometheus?pod=<namespace>/<pod>`: one pod's series, as its sidecar's admin port
 *   would serve them;
 * - `GET /v1/prometheus/targets`: an HTTP SD document with one target per pod (the same address,
 *   told apart by the `pod` URL parameter through `__param_pod`) and the labels Meshlens' own
 *   discovery gives proxies, so Prometheus scrapes the pods one by one as in a real mesh.
 *
 * A rendered text is kept for the rest of its second (counters advance by whole seconds), so a
 * retried scrape costs nothing; texts of earlier seconds are dropped. Texts are streamed in chunks.
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ENVOY_METRICS_PATH,
  PROMETHEUS_TARGETS_PATH,
  prometheusTargets,
} from '../adapters/prometheus/runtime/index.ts';
import type { TargetGroup } from '../adapters/prometheus/runtime/index.ts';
import { exposition } from './exposition.ts';
import type { PodSeries } from './series.ts';

/** Where each pod's metrics are, as on a sidecar's admin port (and in the targets' `__metrics_path__`). */
export const POD_METRICS_PATH = ENVOY_METRICS_PATH;
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsExporter {
  readonly url: string;
  /** `host:port`, as Prometheus takes a target. */
  readonly address: string;
  readonly targetsUrl: string;
  close(): Promise<void>;
}

export interface ExporterOptions {
  readonly pods: readonly PodSeries[];
  /** Unix ms at which every counter was 0. */
  readonly startMs: number;
  /** 0 picks a free port. */
  readonly port: number;
  readonly nowMs?: () => number;
}

const podKey = (p: PodSeries): string => `${p.workload.namespace}/${p.workload.pod}`;

export function targetGroups(pods: readonly PodSeries[], address: string): TargetGroup[] {
  const groups = prometheusTargets(
    pods.map((p) => ({
      adminAddress: address,
      namespace: p.workload.namespace,
      pod: p.workload.pod,
      workload: p.workload.name,
      labels: p.workload.labels,
      kind: p.workload.kind,
    })),
  );
  return groups.map((g) => {
    // Prometheus sends `__param_*` labels as URL parameters: `…/stats/prometheus?pod=ns/pod`.
    const key = `${g.labels.namespace ?? ''}/${g.labels.pod ?? ''}`;
    return { targets: g.targets, labels: { ...g.labels, __param_pod: key } };
  });
}

async function stream(res: ServerResponse, chunks: Iterable<string>): Promise<void> {
  res.writeHead(200, { 'content-type': CONTENT_TYPE });
  for (const chunk of chunks) {
    // Respect backpressure: a slow scraper must not make us buffer a whole exposition.
    if (!res.write(chunk))
      await new Promise((resolve) => {
        res.once('drain', resolve);
        // A scraper that hung up never drains.
        res.once('close', resolve);
      });
    if (res.destroyed) return;
  }
  res.end();
}

export async function startExporter(options: ExporterOptions): Promise<MetricsExporter> {
  const nowMs = options.nowMs ?? Date.now;
  const pods = new Map(options.pods.map((p) => [podKey(p), p]));
  let cachedSecond = -1;
  const cache = new Map<string, string>();
  const textOf = (key: string, selected: readonly PodSeries[]): { chunks: Iterable<string> } => {
    const elapsedSec = Math.max(0, Math.floor((nowMs() - options.startMs) / 1000));
    if (elapsedSec !== cachedSecond) {
      cache.clear();
      cachedSecond = elapsedSec;
    }
    const hit = cache.get(key);
    if (hit !== undefined) return { chunks: [hit] };
    // The whole mesh is too large to hold: it is streamed as rendered, never kept.
    if (key === '*') return { chunks: exposition(selected, elapsedSec) };
    const text = [...exposition(selected, elapsedSec)].join('');
    cache.set(key, text);
    return { chunks: [text] };
  };
  // Known once the server listens: the targets name its address.
  const listening: { targets?: string } = {};
  type Answer =
    | { readonly status: number; readonly type: string; readonly body: string }
    | { readonly chunks: Iterable<string> };
  const fail = (status: number, message: string): Answer => ({
    status,
    type: 'text/plain',
    body: `${message}\n`,
  });
  const answerOf = (method: string | undefined, url: URL): Answer => {
    if (method !== 'GET') return fail(405, `${method ?? ''} not allowed: use GET`);
    if (url.pathname === PROMETHEUS_TARGETS_PATH)
      return { status: 200, type: 'application/json', body: listening.targets ?? '[]' };
    if (url.pathname === '/metrics') return textOf('*', options.pods);
    if (url.pathname !== POD_METRICS_PATH) return fail(404, `no such path ${url.pathname}: try /metrics`);
    const key = url.searchParams.get('pod') ?? '';
    const pod = pods.get(key);
    if (pod === undefined)
      return fail(404, `no simulated pod ${JSON.stringify(key)}: pass pod=<namespace>/<pod>`);
    return textOf(key, [pod]);
  };
  const server = createServer((req, res) => {
    const answer = answerOf(req.method, new URL(req.url ?? '/', 'http://exporter'));
    if ('status' in answer) {
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
      return;
    }
    stream(res, answer.chunks).catch(() => {
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const address = `127.0.0.1:${port}`;
  listening.targets = JSON.stringify(targetGroups(options.pods, address));
  return {
    url: `http://${address}`,
    address,
    targetsUrl: `http://${address}${PROMETHEUS_TARGETS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
