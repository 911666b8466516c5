/**
 * The console API over the real running demo (`meshlens start` in-process, as main.test.ts runs
 * it, with a real Prometheus scraping every proxy): the versionedApp graph of `default` shows
 * reviews v2 → ratings v1 with a live HTTP rate and each node's request shares adding up to 100%,
 * and app health of `default` reports every Bookinfo app with its replicas and live traffic;
 * stopping ratings' app turns its node Failure by the second refresh of the graph.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import type { ClustersHealthJson } from '@meshlens/mesh-core/health';
import { clustersHealthSchema } from '@meshlens/mesh-core/health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config.ts';
import { startMeshlens } from '../main.ts';
import type { RunningMeshlens } from '../main.ts';
import { freePort } from '../net/free-port.ts';
import { BOOKINFO_APPS } from './testing/bookinfo-mesh.ts';

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function getJson(url: string): Promise<unknown> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

const rate = (rates: Readonly<Record<string, string>> | undefined, key: string): number =>
  Number(rates?.[key] ?? 0);

/** The graph once reviews v2 → ratings v1 carries HTTP traffic. */
function withRatingsEdge(graph: GraphJson): GraphJson | undefined {
  const id = (app: string, version: string) =>
    graph.elements.nodes.find(
      (n) => n.data.nodeType === 'app' && n.data.app === app && n.data.version === version,
    )?.data.id;
  const [from, to] = [id('reviews', 'v2'), id('ratings', 'v1')];
  const edge = graph.elements.edges.find((e) => e.data.source === from && e.data.target === to);
  return edge !== undefined && rate(edge.data.traffic.rates, 'http') > 0 ? graph : undefined;
}

describe('console API on the running demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-console-'));
  let running: RunningMeshlens;

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
    running = await startMeshlens(config, () => undefined);
  }, 60_000);

  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('graphs reviews v2 → ratings v1 with its rate, and request shares of 100% per node', async () => {
    const url = `${running.controlPlaneUrl}/api/namespaces/graph?namespaces=default&graphType=versionedApp`;
    const graph = await until(
      'reviews v2 → ratings v1 in the graph',
      async () => withRatingsEdge(graphJsonSchema.parse(await getJson(url))),
      40_000,
    );
    const shares = new Map<string, number[]>();
    for (const { data } of graph.elements.edges) {
      if (data.traffic.protocol !== 'http' || rate(data.traffic.rates, 'http') === 0) continue;
      const list = shares.get(data.source) ?? [];
      list.push(rate(data.traffic.rates, 'httpPercentReq'));
      shares.set(data.source, list);
    }
    expect(shares.size).toBeGreaterThanOrEqual(3);
    const ratings = graph.elements.nodes.find((n) => n.data.app === 'ratings' && n.data.version === 'v1');
    expect(ratings?.data.healthStatus).toBe('Healthy');
    for (const [source, percents] of shares) {
      const total = percents.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - 100), `shares of ${source}: ${percents.join(', ')}`).toBeLessThanOrEqual(0.5);
    }
  }, 50_000);

  it('reports app health for every Bookinfo app in default, with replicas and traffic', async () => {
    const url = `${running.controlPlaneUrl}/api/clusters/health?namespaces=default&type=app&rateInterval=1m`;
    const health = await until(
      'app health with traffic',
      async () => {
        const body: ClustersHealthJson = clustersHealthSchema.parse(await getJson(url));
        const inbound = body.namespaceAppHealth?.default?.productpage?.requests.inbound.http?.['200'] ?? 0;
        return inbound > 0 ? body : undefined;
      },
      30_000,
    );
    const apps = health.namespaceAppHealth?.default ?? {};
    expect(Object.keys(apps).sort()).toEqual([...BOOKINFO_APPS]);
    for (const [app, h] of Object.entries(apps)) {
      expect(h.workloadStatuses.length, app).toBeGreaterThan(0);
      for (const w of h.workloadStatuses)
        expect(w, app).toMatchObject({ desiredReplicas: 1, availableReplicas: 1 });
      expect(h.status?.status, app).toBeDefined();
    }
  }, 40_000);

  // Last: it leaves ratings stopped.
  it('shows ratings as Failure within two refreshes of the graph once its app stops', async () => {
    const url = `${running.controlPlaneUrl}/api/namespaces/graph?namespaces=default&graphType=versionedApp&duration=1m`;
    const ratingsStatus = async (): Promise<string | undefined> => {
      const graph = graphJsonSchema.parse(await getJson(url));
      return graph.elements.nodes.find(
        (n) => n.data.nodeType === 'app' && n.data.app === 'ratings' && n.data.version === 'v1',
      )?.data.healthStatus;
    };
    expect(await ratingsStatus()).toBe('Healthy');
    const instance = running.platform.instances().find((i) => i.workload === 'ratings-v1');
    if (instance?.app === undefined) throw new Error('ratings-v1 has no app process');
    await instance.app.stop();
    // Kiali's shortest graph refresh interval is 10 s: the user sees Failure by the second one.
    const seen: Array<string | undefined> = [];
    for (let refresh = 1; refresh <= 2; refresh++) {
      await new Promise((r) => setTimeout(r, 10_000));
      seen.push(await ratingsStatus());
    }
    expect(seen.at(-1), `ratings v1 at refreshes 1 and 2: ${seen.join(', ')}`).toBe('Failure');
  }, 40_000);
});
