/**
 * `npm run bench:traces`: what the embedded trace store (`src/trace-store/`) sustains. Prints
 * figures and PASS/FAIL per target; asserts nothing.
 *
 * 1. Ingest: OTLP/JSON export requests of Istio spans (8-span Bookinfo traces with Envoy's tags,
 *    ≤ 512 spans a request, grouped per proxy) posted to the real OTLP/HTTP receiver, 4 requests in
 *    flight. Target ≥ 5,000 spans/s.
 * 2. Queries with `--spans` spans stored (default 1,000,000; loaded through `TraceStore.ingest`
 *    directly): `GET /api/traces/{id}` (target p99 ≤ 20 ms) and `GET /api/traces?service=…&limit=20`
 *    (target p99 ≤ 200 ms), one request at a time, `--requests` of each (default 200).
 * 3. The same store, searched as Jaeger's UI searches (`traces/searches.ts`): `lookback=1h` alone
 *    and with an operation, a common tag, a one-request tag, a tag no span has, a minimum duration;
 *    each held to the search target.
 * 4. Ingest as in 1, into a second store already at its retention limit (`CAPACITY_SPANS`), so that
 *    every request is followed by a retention pass deleting about as many spans: what a store that
 *    has been running for a while sustains. Held to the ingest target.
 *
 * The database is a SQLite file in a temp dir, removed at the end unless `--keep`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startTraceStore } from '../src/trace-store/index.ts';
import type { RunningTraceStore } from '../src/trace-store/index.ts';
import { decodeOtlpJson } from '../src/trace-store/otlp-json.ts';
import type { IngestJob, IngestResult } from './traces/ingest-worker.ts';
import type { ExportBatch } from './traces/istio-spans.ts';
import { SERVICES, SPANS_PER_TRACE, exportBatches } from './traces/istio-spans.ts';
import type { LatencySummary } from './traces/measure.ts';
import { machineFacts, ms, summarise, timedGet } from './traces/measure.ts';
import { searchVariants } from './traces/searches.ts';

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const WORKER_URL = new URL('./traces/ingest-worker.ts', import.meta.url);
const TARGET_SPANS_PER_S = 5_000;
const TARGET_GET_P99_MS = 20;
const TARGET_SEARCH_P99_MS = 200;
const CONCURRENCY = 4;
/** The span limit of the store in step 4; it is filled before the measurement. */
const CAPACITY_SPANS = 50_000;
/** The stored traces are spread over this window before the benchmark starts. */
const WINDOW_MS = 3_600_000;

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    'ingest-spans': { type: 'string', default: '50000' },
    requests: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  say('usage: npm run bench:traces -- [--spans N] [--ingest-spans N] [--requests N] [--keep]');
  process.exit(0);
}
const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return n;
};
const storedSpans = positive('spans', values.spans);
const ingestSpans = Math.min(positive('ingest-spans', values['ingest-spans']), storedSpans);
const requests = positive('requests', values.requests);

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/** Runs the load generator in a worker thread (`traces/ingest-worker.ts`). */
function ingestOverHttp(job: IngestJob): Promise<IngestResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit `--import tsx` on Node 20, so it registers tsx before loading the file.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (result: IngestResult) => {
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the ingest worker exited with code ${code}`));
    });
  });
}

function loadDirectly(trace: RunningTraceStore, batches: Iterable<ExportBatch>, sample: string[]): number {
  const started = performance.now();
  let loaded = 0;
  let nextReport = 100_000;
  for (const batch of batches) {
    trace.store.ingest(decodeOtlpJson(batch.body));
    loaded += batch.spans;
    if (sample.length < 10_000) sample.push(batch.traceId);
    if (loaded >= nextReport) {
      const rate = loaded / ((performance.now() - started) / 1000);
      say(
        `  … ${loaded.toLocaleString('en-US')} spans loaded (${Math.round(rate).toLocaleString('en-US')}/s)`,
      );
      nextReport += 100_000;
    }
  }
  return (performance.now() - started) / 1000;
}

const ingestLine = (label: string, result: IngestResult): string => {
  const rate = result.spans / result.seconds;
  return (
    `${label}: ${Math.round(rate).toLocaleString('en-US')} spans/s (${Math.round(rate / SPANS_PER_TRACE).toLocaleString('en-US')} traces/s)` +
    ` — target ≥ ${TARGET_SPANS_PER_S.toLocaleString('en-US')} spans/s: ${verdict(rate >= TARGET_SPANS_PER_S)}`
  );
};

/** Step 4: a store filled to `CAPACITY_SPANS`, then `traceCount` traces more over OTLP/HTTP. */
async function ingestAtCapacity(dbPath: string, traceCount: number): Promise<IngestResult> {
  const full = await startTraceStore({
    dbPath,
    otlpPort: 0,
    queryPort: 0,
    retention: { maxSpans: CAPACITY_SPANS, maxAgeMs: 7 * 24 * 3_600_000 },
  });
  try {
    const job = {
      url: `${full.otlpUrl}/v1/traces`,
      startMs: Date.now(),
      stepMs: 1,
      concurrency: CONCURRENCY,
    };
    await ingestOverHttp({ ...job, traceCount: CAPACITY_SPANS / SPANS_PER_TRACE });
    return await ingestOverHttp({ ...job, traceCount });
  } finally {
    await full.close();
  }
}

async function latencies(urls: readonly string[]): Promise<LatencySummary> {
  await timedGet(urls[0] ?? ''); // warm-up
  const samples: number[] = [];
  for (const url of urls) samples.push((await timedGet(url)).ms);
  return summarise(samples);
}

const line = (label: string, s: LatencySummary, target: number): string =>
  `${label}: p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, p99 ${ms(s.p99)}, max ${ms(s.max)} over ${s.count} requests` +
  ` — target p99 ≤ ${target} ms: ${verdict(s.p99 <= target)}`;

async function main(): Promise<void> {
  say('Meshlens trace-store benchmark');
  for (const fact of machineFacts()) say(`  ${fact}`);
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-bench-traces-'));
  const dbPath = join(dir, 'traces.db');
  const trace = await startTraceStore({
    dbPath,
    otlpPort: 0,
    queryPort: 0,
    retention: { maxSpans: storedSpans * 2, maxAgeMs: 7 * 24 * 3_600_000 },
  });
  const onSignal = (): void => {
    void trace.close().finally(() => {
      if (!values.keep) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: string[] = [];
  try {
    const traceCount = Math.ceil(storedSpans / SPANS_PER_TRACE);
    const stepMs = WINDOW_MS / traceCount;
    const startMs = Date.now() - WINDOW_MS;
    const ingestTraces = Math.ceil(ingestSpans / SPANS_PER_TRACE);

    say();
    say(
      `1. OTLP/HTTP ingest: ${(ingestTraces * SPANS_PER_TRACE).toLocaleString('en-US')} spans, ${CONCURRENCY} requests in flight`,
    );
    const ingest = await ingestOverHttp({
      url: `${trace.otlpUrl}/v1/traces`,
      traceCount: ingestTraces,
      startMs,
      stepMs,
      concurrency: CONCURRENCY,
    });
    const avgKiB = ingest.bodyBytes / ingest.requests / 1024;
    say(
      `   ${ingest.requests} requests (avg ${avgKiB.toFixed(0)} KiB, ${Math.round(ingest.spans / ingest.requests)} spans) in ${ingest.seconds.toFixed(2)} s`,
    );
    results.push(ingestLine('ingest', ingest));
    say(`   ${results[0]}`);

    say();
    say(`2. Loading up to ${storedSpans.toLocaleString('en-US')} spans through TraceStore.ingest …`);
    const sample = [...ingest.traceIds];
    const rest = exportBatches(traceCount - ingestTraces, startMs + ingestTraces * stepMs, stepMs);
    const loadSeconds = loadDirectly(trace, rest, sample);
    const size = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    say(
      `   ${trace.store.spanCount.toLocaleString('en-US')} spans stored (load ${loadSeconds.toFixed(1)} s, database ${(size / 2 ** 20).toFixed(0)} MiB)`,
    );

    const ids = Array.from({ length: requests }, (_, i) => sample[(i * 7919) % sample.length] ?? '');
    const getUrls = ids.map((id) => `${trace.queryUrl}/api/traces/${id}`);
    const get = await latencies(getUrls);
    const check = JSON.parse((await timedGet(getUrls[0] ?? '')).body) as { data: { spans: unknown[] }[] };
    const spansBack = check.data[0]?.spans.length ?? 0;
    results.push(line(`GET /api/traces/{id} (${spansBack} spans)`, get, TARGET_GET_P99_MS));
    say(`   ${results[1]}`);

    const searchUrls = Array.from(
      { length: requests },
      (_, i) =>
        `${trace.queryUrl}/api/traces?service=${encodeURIComponent(SERVICES[i % SERVICES.length] ?? '')}&limit=20`,
    );
    const search = await latencies(searchUrls);
    const found = JSON.parse((await timedGet(searchUrls[0] ?? '')).body) as { data: unknown[] };
    results.push(
      line(`GET /api/traces?service=…&limit=20 (${found.data.length} traces)`, search, TARGET_SEARCH_P99_MS),
    );
    say(`   ${results[2]}`);

    say();
    say("3. Searches as Jaeger's UI sends them");
    const variants = await searchVariants({
      queryUrl: trace.queryUrl,
      services: SERVICES,
      sampleTraceIds: sample,
      requests,
    });
    for (const variant of variants) {
      const summary = await latencies(variant.urls);
      const first = JSON.parse((await timedGet(variant.urls[0] ?? '')).body) as { data: unknown[] };
      const result = line(`${variant.label} (${first.data.length} traces)`, summary, TARGET_SEARCH_P99_MS);
      results.push(result);
      say(`   ${result}`);
    }

    say();
    say(
      `4. OTLP/HTTP ingest at capacity: ${(ingestTraces * SPANS_PER_TRACE).toLocaleString('en-US')} spans into a store` +
        ` kept at ${CAPACITY_SPANS.toLocaleString('en-US')} by retention`,
    );
    const atCapacity = ingestLine(
      'ingest at capacity',
      await ingestAtCapacity(join(dir, 'capacity.db'), ingestTraces),
    );
    results.push(atCapacity);
    say(`   ${atCapacity}`);

    say();
    say('Summary');
    for (const r of results) say(`  ${r}`);
  } finally {
    await trace.close();
    if (values.keep) say(`database kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
