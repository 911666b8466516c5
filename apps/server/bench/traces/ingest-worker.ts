/**
 * The OTLP/HTTP load generator of the trace-store benchmark, in a worker thread so that the
 * exporters' side (building and sending bodies) does not share the receiver's event loop, as real
 * exporters run in other processes. Generates every body first, then posts them with
 * `concurrency` requests in flight and reports the wall time of the posting alone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exportBatches } from './istio-spans.ts';
import { withConcurrency } from './measure.ts';

export interface IngestJob {
  readonly url: string;
  readonly traceCount: number;
  readonly startMs: number;
  readonly stepMs: number;
  readonly concurrency: number;
}

export interface IngestResult {
  readonly seconds: number;
  readonly spans: number;
  readonly requests: number;
  readonly bodyBytes: number;
  /** One trace id per request. */
  readonly traceIds: string[];
}

async function run(job: IngestJob): Promise<IngestResult> {
  const batches = [...exportBatches(job.traceCount, job.startMs, job.stepMs)];
  const started = performance.now();
  await withConcurrency(batches, job.concurrency, async (batch) => {
    const response = await fetch(job.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: batch.body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST ${job.url}: ${response.status} ${text.slice(0, 200)}`);
  });
  return {
    seconds: (performance.now() - started) / 1000,
    spans: batches.reduce((n, b) => n + b.spans, 0),
    requests: batches.length,
    bodyBytes: batches.reduce((n, b) => n + b.body.length, 0),
    traceIds: batches.map((b) => b.traceId),
  };
}

parentPort?.postMessage(await run(workerData as IngestJob));
