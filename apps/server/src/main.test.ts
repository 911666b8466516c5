/**
 * `meshlens start` as a user runs it, in-process here so the test can reach its parts: within
 * 30 s of start, Prometheus holds istio_requests_total for every Bookinfo call edge from both
 * reporters, and the trace store holds traces spanning gateway → productpage → reviews → ratings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from './config.ts';
import { startMeshlens } from './main.ts';
import type { RunningMeshlens } from './main.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProxyStatus } from './mesh/control-plane/push/protocol.ts';
import { httpRequest } from './mesh/sidecar/testing/mesh-harness.ts';
import { freePort } from './mesh/sidecar/testing/processes.ts';

const EDGES = [
  'istio-ingressgateway -> productpage-v1',
  'productpage-v1 -> details-v1',
  'productpage-v1 -> reviews-v1',
  'productpage-v1 -> reviews-v2',
  'productpage-v1 -> reviews-v3',
  'reviews-v2 -> ratings-v1',
  'reviews-v3 -> ratings-v1',
];

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('meshlens start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-start-'));
  let running: RunningMeshlens;
  let started = 0;

  beforeAll(async () => {
    const config = loadServerConfig(
      {},
      {
        dataDir: dir,
        controlPlanePort: await freePort(),
        discoveryPort: await freePort(),
        gatewayPort: await freePort(),
        otlpPort: await freePort(),
        jaegerQueryPort: await freePort(),
        prometheusPort: await freePort(),
        loadRate: 20,
      },
    );
    started = Date.now();
    running = await startMeshlens(config, () => undefined);
  }, 60_000);

  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every Bookinfo call edge in Prometheus from both reporters within 30 s', async () => {
    const query = encodeURIComponent(
      'sum by (reporter, source_workload, destination_workload) (istio_requests_total)',
    );
    const remaining = 30_000 - (Date.now() - started);
    const edges = await until(
      'every edge from both reporters',
      async () => {
        const body = (await (await fetch(`${running.prometheusUrl}/api/v1/query?query=${query}`)).json()) as {
          data: { result: Array<{ metric: Record<string, string> }> };
        };
        const seen = new Set(
          body.data.result.map(
            (r) =>
              `${r.metric.reporter ?? ''} ${r.metric.source_workload ?? ''} -> ${r.metric.destination_workload ?? ''}`,
          ),
        );
        return EDGES.every((e) => seen.has(`source ${e}`) && seen.has(`destination ${e}`)) ? seen : undefined;
      },
      Math.max(remaining, 1000),
    );
    expect(edges.size).toBeGreaterThanOrEqual(EDGES.length * 2);
  }, 60_000);

  it('stores traces spanning the gateway, productpage, reviews and ratings', async () => {
    const services = [
      'istio-ingressgateway.istio-system',
      'productpage.default',
      'reviews.default',
      'ratings.default',
    ];
    const trace = await until(
      'a trace across the call chain',
      async () => {
        const url = `${running.jaegerQueryUrl}/api/traces?service=istio-ingressgateway.istio-system&limit=50`;
        const body = (await (await fetch(url)).json()) as {
          data: Array<{
            spans: Array<{ processID: string }>;
            processes: Record<string, { serviceName: string }>;
          }>;
        };
        return body.data.find((t) => {
          const names = new Set(t.spans.map((s) => t.processes[s.processID]?.serviceName));
          return services.every((s) => names.has(s));
        });
      },
      30_000,
    );
    expect(trace.spans.length).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('keeps every request served while the control plane is killed with SIGKILL, and resyncs every proxy when it is back', async () => {
    const gatewayPort = Number(new URL(running.gatewayUrl).port);
    const page = async (): Promise<number> =>
      (await httpRequest(gatewayPort, '/productpage', { host: 'bookinfo.example.com' })).status;
    const statuses: number[] = [];
    const traffic = { on: true };
    const load = (async () => {
      while (traffic.on) {
        statuses.push(await page().catch(() => 0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const pid = running.discovery.pid;
    if (pid === undefined) throw new Error('the discovery process is not running');
    process.kill(pid, 'SIGKILL');
    // A change made while the control plane is away is not lost: it is pushed once it is back.
    const sample = fileURLToPath(
      new URL('../../../third_party/istio/bookinfo/networking/virtual-service-all-v1.yaml', import.meta.url),
    );
    expect(
      running.store.applyText(readFileSync(sample, 'utf8'), 'virtual-service-all-v1.yaml').status,
    ).not.toBe('refused');
    await until(
      'the control plane restarted',
      () =>
        Promise.resolve(running.discovery.pid !== pid && running.discovery.restarts >= 1 ? true : undefined),
      30_000,
    );
    await until(
      'every proxy Synced again',
      async () => {
        const body = (await (await fetch(`${running.controlPlaneUrl}/api/proxy-status`)).json()) as {
          proxies: ProxyStatus[];
        };
        const ok =
          body.proxies.length === 7 && body.proxies.every((p) => p.state === 'Synced' && p.connected);
        return ok ? true : undefined;
      },
      30_000,
    );
    traffic.on = false;
    await load;
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // The change applied during the outage now routes every reviews call to v1.
    const pods = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = await httpRequest(gatewayPort, '/api/v1/products/0/reviews', {
        host: 'bookinfo.example.com',
      });
      pods.add((JSON.parse(r.body) as { podname?: string }).podname ?? '');
    }
    expect([...pods]).toEqual(['reviews-v1-0']);
  }, 90_000);
});
