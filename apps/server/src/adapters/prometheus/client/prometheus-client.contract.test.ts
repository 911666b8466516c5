/**
 * The client against a real Prometheus (Debian's `prometheus`, started as Meshlens starts it:
 * generated config, targets through HTTP SD), scraping a fixture exporter every second whose
 * series grow at known rates. Once Prometheus holds a few seconds of samples, every call of the
 * client is checked against what the fixture implies — once with GET and once with POST.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../net/free-port.ts';
import { startPrometheus } from '../runtime/prometheus-process.ts';
import type { PrometheusProcess } from '../runtime/prometheus-process.ts';
import { PROMETHEUS_TARGETS_PATH, serveTargets } from '../runtime/targets.ts';
import type { ScrapeProxy } from '../runtime/targets.ts';
import { PrometheusError, consoleStatusOf } from './errors.ts';
import { PrometheusClient } from './prometheus-client.ts';
import type { PrometheusClientOptions } from './prometheus-client.ts';
import type { Vector } from './schema.ts';
import { BOOKINFO_TRAFFIC, startFixtureExporter } from './testing/fixture-exporter.ts';
import type { FixtureExporter } from './testing/fixture-exporter.ts';

// Bounds: set-up 28 s (usually 15-18), each test 3 s, tear-down 7 s (SIGKILL after 5 s).
const SETUP_BUDGET_MS = 28_000;
const CALL_TIMEOUT_MS = 2_000;

let dir = '';
let exporter: FixtureExporter | undefined;
let targets: Server | undefined;
let prometheus: PrometheusProcess | undefined;
let proxy: ScrapeProxy | undefined;

function prometheusUrl(): string {
  if (prometheus === undefined) throw new Error('Prometheus did not start');
  return prometheus.url;
}

/** Clients for the tests: "now" in 1 s buckets, so fresh samples are in range. */
function client(options: Omit<PrometheusClientOptions, 'url'> = {}): PrometheusClient {
  return new PrometheusClient({
    url: prometheusUrl(),
    timeBucketSeconds: 1,
    timeoutMs: CALL_TIMEOUT_MS,
    ...options,
  });
}

beforeAll(async () => {
  const deadline = Date.now() + SETUP_BUDGET_MS;
  dir = await mkdtemp(join(tmpdir(), 'meshlens-prometheus-client-'));
  exporter = await startFixtureExporter();
  const scraped: ScrapeProxy = {
    adminAddress: exporter.address,
    namespace: 'default',
    pod: 'productpage-v1-0',
    workload: 'productpage-v1',
    labels: { app: 'productpage', version: 'v1' },
    kind: 'sidecar',
  };
  proxy = scraped;
  const handle = serveTargets(() => [scraped]);
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  targets = server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const targetsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PROMETHEUS_TARGETS_PATH}`;
  prometheus = await startPrometheus({
    dataDir: dir,
    port: await freePort(),
    targetsUrl,
    scrapeIntervalSeconds: 1,
    readyTimeoutMs: 15_000,
    stopTimeoutMs: 5_000,
  });

  // Samples over the last 12 s: rate() near the start of a series is underestimated (Prometheus
  // extrapolates only half an interval past the first sample), so every window queried below must
  // lie after it; and at least one a second on average over them, so no window misses samples.
  const poll = client({ cacheTtlMs: 0 });
  let firstSeenSeconds: number | undefined;
  for (;;) {
    const { result } = await poll.queryVector(
      'min(count_over_time(istio_requests_total{reporter="source"}[12s]))',
    );
    const samples = result[0]?.value[1];
    if (samples !== undefined) firstSeenSeconds ??= Date.now() / 1000;
    if (
      firstSeenSeconds !== undefined &&
      Date.now() / 1000 - firstSeenSeconds >= 12 &&
      (samples ?? 0) >= 11
    ) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Prometheus had ${samples ?? 'no'} samples in 12 s after ${SETUP_BUDGET_MS} ms ` +
          `(${exporter.scrapes()} scrapes); its log:\n${prometheus.log().join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}, SETUP_BUDGET_MS + CALL_TIMEOUT_MS);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
  const server = targets;
  if (server) await new Promise((r) => server.close(r));
  if (dir !== '') await rm(dir, { recursive: true, force: true });
}, 7_000);

const edges = BOOKINFO_TRAFFIC.map((t) => ({
  source_workload: t.labels['source_workload'],
  destination_workload: t.labels['destination_workload'],
  response_code: t.labels['response_code'],
  rate: t.requestsPerSecond,
}));
const totalRate = BOOKINFO_TRAFFIC.reduce((sum, t) => sum + t.requestsPerSecond, 0);

/** Each sample's value by the value of one of its labels. */
function valuesBy(vector: Vector, label: string): Record<string, number> {
  return Object.fromEntries(vector.map((s) => [s.metric[label] ?? '', s.value[1]]));
}

function near(actual: number | undefined, expected: number): void {
  expect(actual).toBeGreaterThan(expected * 0.85);
  expect(actual).toBeLessThan(expected * 1.15);
}

describe.each([
  ['GET', {}],
  ['POST', { maxGetQueryLength: 0 }],
] as const)('PrometheusClient against a real Prometheus (%s)', { timeout: 3_000 }, (_, options) => {
  it('instant query: the rate of each edge, with its labels', async () => {
    const { result, warnings } = await client(options).queryVector(
      'sum by (source_workload, destination_workload, response_code) (rate(istio_requests_total{reporter="source"}[5s]))',
    );
    expect(warnings).toEqual([]);
    expect(result.map((s) => s.metric)).toEqual(
      expect.arrayContaining(edges.map(({ rate: _, ...labels }) => labels)),
    );
    expect(result).toHaveLength(edges.length);
    for (const edge of edges) {
      const sample = result.find(
        (s) =>
          s.metric['destination_workload'] === edge.destination_workload &&
          s.metric['response_code'] === edge.response_code,
      );
      near(sample?.value[1], edge.rate);
    }
  });

  it('instant query: histogram quantiles land where every request’s duration says', async () => {
    const { result } = await client(options).queryVector(
      'histogram_quantile(0.5, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket[5s])))',
    );
    const p50 = valuesBy(result, 'destination_workload');
    // reviews-v2: every request 30 ms, in the (25, 50] bucket; details-v1: 3 ms, in (1, 5].
    expect(p50['reviews-v2']).toBeCloseTo(37.5, 6);
    expect(p50['details-v1']).toBeCloseTo(3, 6);
  });

  it('instant query: NaN, +Inf and -Inf come back as JS numbers', async () => {
    const { result } = await client(options).queryVector('meshlens_fixture_special');
    const byName = valuesBy(result, 'value');
    expect(byName).toEqual({
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      neg_inf: Number.NEGATIVE_INFINITY,
    });
  });

  it('range query: a matrix at the step asked for, on step-aligned times', async () => {
    const nowSeconds = Date.now() / 1000;
    const answer = await client(options).queryRange(
      'sum(rate(istio_requests_total{reporter="source"}[5s]))',
      {
        // Its earliest window starts at most 11 s ago: inside the samples waited for.
        startSeconds: nowSeconds - 4,
        endSeconds: nowSeconds,
        stepSeconds: 2,
      },
    );
    expect(answer.stepSeconds).toBe(2);
    expect(answer.result).toHaveLength(1);
    const times = answer.result[0]?.values.map(([t]) => t) ?? [];
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[0]).toBe(answer.startSeconds);
    for (const [i, t] of times.entries()) {
      expect(t % 2).toBe(0);
      if (i > 0) expect(t - (times[i - 1] ?? 0)).toBe(2);
    }
    for (const [, value] of answer.result[0]?.values ?? []) near(value, totalRate);
  });

  it('series: every series of the fixture, with the scrape target’s labels', async () => {
    const { result } = await client(options).series(['istio_requests_total{reporter="source"}'], {
      startSeconds: Date.now() / 1000 - 60,
      endSeconds: Date.now() / 1000,
    });
    expect(result).toHaveLength(BOOKINFO_TRAFFIC.length);
    expect(result).toEqual(
      expect.arrayContaining(
        BOOKINFO_TRAFFIC.map((t) => ({
          __name__: 'istio_requests_total',
          ...t.labels,
          job: 'kubernetes-pods',
          instance: proxy?.adminAddress,
          namespace: 'default',
          pod: 'productpage-v1-0',
          workload: 'productpage-v1',
          app: 'productpage',
          version: 'v1',
        })),
      ),
    );
  });

  it('label values, sorted', async () => {
    const { result } = await client(options).labelValues('destination_workload', {
      match: ['istio_requests_total'],
    });
    expect(result).toEqual(['details-v1', 'reviews-v2']);
  });

  it('buildinfo: the version of the binary that runs', async () => {
    const info = await client(options).buildInfo();
    const { stdout } = await promisify(execFile)('prometheus', ['--version']);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(stdout).toContain(`version ${info.version} `);
  });

  it.each([
    ['sum(', 'bad_data', 400, /parse error/],
    [
      'istio_requests_total + on(reporter) istio_requests_total',
      'execution',
      422,
      /many-to-many matching not allowed/,
    ],
  ])('%s: Prometheus’s %s error, for the console a %i', async (query, errorType, status, message) => {
    const error: unknown = await client(options)
      .query(query)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PrometheusError);
    expect(error).toMatchObject({ reason: 'query', errorType, httpStatus: status });
    expect((error as PrometheusError).prometheusMessage).toMatch(message);
    expect(consoleStatusOf(error as PrometheusError)).toBe(status);
  });
});
