/**
 * The metrics endpoints end to end against a real Prometheus scraping known traffic
 * (`testing/metrics-prometheus.ts`): a workload's request rate split by destination, its error
 * rate, and its duration quantiles and average land where the fixture's traffic puts them.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import type { MetricsMapJson } from '@meshlens/mesh-core/api/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../adapters/prometheus/client/index.ts';
import { consoleErrorHandler, notFoundHandler } from '../http/error-handler.ts';
import { createMetricsRouter } from '../http/metrics-routes.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import type { FixturePrometheus } from '../testing/metrics-prometheus.ts';
import { startFixturePrometheus } from '../testing/metrics-prometheus.ts';
import { createMetricsService } from './metrics-service.ts';

// Bounds: set-up 28 s (usually 15-18), the test 5 s, tear-down 7 s (SIGKILL after 5 s).
const SETUP_BUDGET_MS = 28_000;

let prometheus: FixturePrometheus | undefined;
let server: Server | undefined;
let base = '';

beforeAll(async () => {
  // The mesh first: its namespaces then existed before every sample Prometheus will hold.
  const mesh = await bookinfoMeshState();
  prometheus = await startFixturePrometheus({ budgetMs: SETUP_BUDGET_MS - 2_000 });
  const client = new PrometheusClient({ url: prometheus.url, timeBucketSeconds: 1, timeoutMs: 2_000 });
  const app = express();
  const metrics = createMetricsService({ prometheus: client, mesh: { read: () => Promise.resolve(mesh) } });
  app.use(createMetricsRouter({ metrics, nowSec: () => Math.floor(Date.now() / 1000) }));
  app.use(notFoundHandler);
  app.use(consoleErrorHandler());
  const s = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  server = s;
  base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}, SETUP_BUDGET_MS);

afterAll(async () => {
  const s = server;
  if (s) await new Promise((r) => s.close(r));
  await prometheus?.stop();
}, 7_000);

/** Each series' values by destination workload (and stat), as numbers. */
function valuesBy(map: MetricsMapJson, name: keyof MetricsMapJson): Record<string, number[]> {
  return Object.fromEntries(
    (map[name] ?? []).map((m) => [
      `${m.labels['destination_workload'] ?? ''}${m.stat === undefined ? '' : ` ${m.stat}`}`,
      m.datapoints.map(([, v]) => Number(v)),
    ]),
  );
}

function near(values: readonly number[] | undefined, expected: number): void {
  expect(values?.length).toBeGreaterThanOrEqual(2);
  for (const v of values ?? []) {
    expect(v).toBeGreaterThan(expected * 0.85);
    expect(v).toBeLessThan(expected * 1.15);
  }
}

describe('metrics endpoints against a real Prometheus', () => {
  it(
    'answers productpage’s outbound rates per destination and its duration quantiles',
    { timeout: 5_000 },
    async () => {
      const r = await fetch(
        `${base}/api/namespaces/default/workloads/productpage-v1/metrics?` +
          'filters[]=request_count&filters[]=request_error_count&filters[]=request_duration_millis' +
          '&byLabels[]=destination_workload&quantiles[]=0.5&quantiles[]=0.95&rateInterval=5s&duration=4&step=2',
        { signal: AbortSignal.timeout(4_000) },
      );
      expect(r.status).toBe(200);
      const map = metricsMapSchema.parse(await r.json());

      const requests = valuesBy(map, 'request_count');
      expect(Object.keys(requests).sort()).toEqual(['details-v1', 'reviews-v2']);
      near(requests['reviews-v2'], 5);
      near(requests['details-v1'], 2);

      // Only reviews-v2 answers 500s.
      const errors = valuesBy(map, 'request_error_count');
      expect(Object.keys(errors)).toEqual(['reviews-v2']);
      near(errors['reviews-v2'], 1);

      // Every reviews-v2 request lasts 30 ms, in Istio's (25, 50] bucket; details-v1's 3 ms, in (1, 5].
      const durations = valuesBy(map, 'request_duration_millis');
      expect(Object.keys(durations).sort()).toEqual([
        'details-v1 0.5',
        'details-v1 0.95',
        'details-v1 avg',
        'reviews-v2 0.5',
        'reviews-v2 0.95',
        'reviews-v2 avg',
      ]);
      for (const [key, expected] of [
        ['reviews-v2 0.5', 37.5],
        ['reviews-v2 0.95', 48.75],
        ['reviews-v2 avg', 30],
        ['details-v1 0.5', 3],
        ['details-v1 0.95', 4.8],
        ['details-v1 avg', 3],
      ] as const) {
        for (const v of durations[key] ?? []) expect(v).toBeCloseTo(expected, 6);
        expect(durations[key]?.length).toBeGreaterThanOrEqual(2);
      }
      // Datapoints every 2 s, on step-aligned unix seconds.
      const times = map.request_count?.[0]?.datapoints.map(([t]) => t) ?? [];
      for (const t of times) expect(t % 2).toBe(0);
    },
  );
});
