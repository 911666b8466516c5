/**
 * What a user of the mesh observes of one proxy besides responses: how long a request took, and
 * the samples a sidecar exposes on its admin /stats/prometheus (Istio's metrics and Envoy's stats).
 */
import type { HttpResult } from './mesh-harness.ts';
import { parseSamples } from './prometheus-text.ts';
import type { Sample } from './prometheus-text.ts';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface TimedResult extends HttpResult {
  readonly elapsedMs: number;
}

/** Runs one request and measures its wall-clock time as the caller experiences it. */
export async function timed(send: () => Promise<HttpResult>): Promise<TimedResult> {
  const started = performance.now();
  const result = await send();
  return { ...result, elapsedMs: performance.now() - started };
}

export async function scrape(adminUrl: string): Promise<Sample[]> {
  return parseSamples(await (await fetch(`${adminUrl}/stats/prometheus`)).text());
}

/** The sum of the samples named `name` whose labels include every pair of `labels`. */
export async function counterValue(
  adminUrl: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const samples = await scrape(adminUrl);
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * Waits (bounded) until `istio_requests_total` with `labels` reaches `atLeast`, and returns its
 * value: a proxy may count a request just after the client has read the response.
 */
export async function istioRequests(
  adminUrl: string,
  labels: Readonly<Record<string, string>>,
  atLeast = 1,
  timeoutMs = 3000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await counterValue(adminUrl, 'istio_requests_total', labels);
    if (value >= atLeast || Date.now() > deadline) return value;
    await sleep(50);
  }
}
