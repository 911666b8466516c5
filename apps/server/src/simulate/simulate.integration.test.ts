/**
 * `meshlens simulate` end to end: a simulated mesh of 1 namespace × 20 workloads, a real
 * Prometheus scraping its exporter, and the console API over both; the versionedApp graph shows
 * every simulated call between two sidecars as an edge with a live HTTP rate.
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulation } from './run-simulation.ts';
import { startSimulation, waitForScrapes } from './run-simulation.ts';

async function graphOf(sim: RunningSimulation): Promise<GraphJson> {
  const params = new URLSearchParams({
    namespaces: sim.mesh.namespaces.join(','),
    graphType: 'versionedApp',
    duration: '10m',
    injectServiceNodes: 'false',
  });
  const r = await fetch(`${sim.consoleUrl ?? ''}/api/namespaces/graph?${params.toString()}`, {
    signal: AbortSignal.timeout(10_000),
  });
  expect(r.status).toBe(200);
  return graphJsonSchema.parse(await r.json());
}

describe('meshlens simulate', () => {
  let sim: RunningSimulation;

  beforeAll(async () => {
    sim = await startSimulation({
      namespaces: 1,
      workloads: 20,
      seed: 11,
      exporterPort: 0,
      consolePort: 0,
      scrapeIntervalSeconds: 2,
    });
    await waitForScrapes(sim.prometheusUrl, { series: sim.requestSeries, scrapes: 2, timeoutMs: 40_000 });
  }, 60_000);
  afterAll(() => sim.stop(), 20_000);

  it('serves the simulated calls as graph edges with non-zero HTTP rates', async () => {
    const graph = await graphOf(sim);
    const nodeId = (app: string, version: string | undefined): string | undefined =>
      graph.elements.nodes.find(
        (n) =>
          n.data.nodeType === 'app' &&
          n.data.app === app &&
          (version === undefined || n.data.version === version),
      )?.data.id;
    const calls = new Set(
      sim.mesh.edges
        .filter((e) => e.protocol === 'http' && e.source?.kind === 'sidecar' && e.destination !== undefined)
        .map(
          (e) =>
            `${e.source?.app ?? ''}:${e.source?.version ?? ''}>${e.destination?.app ?? ''}:${e.destination?.version ?? ''}`,
        ),
    );
    expect(calls.size).toBeGreaterThan(10);
    for (const call of calls) {
      const [from, to] = call.split('>').map((side) => side.split(':'));
      const source = nodeId(from?.[0] ?? '', from?.[1]);
      const target = nodeId(to?.[0] ?? '', to?.[1]);
      const edge = graph.elements.edges.find((e) => e.data.source === source && e.data.target === target);
      expect(edge, call).toBeDefined();
      expect(Number(edge?.data.traffic.rates?.http ?? 0), call).toBeGreaterThan(0);
    }
  });
});
