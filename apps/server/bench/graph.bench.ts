/**
 * `npm run bench:graph`: how long the console's namespace graph takes on a large mesh. Per
 * scenario — (a) 1 namespace × 300 workloads (≈1,000 edges), (b) 10 namespaces × 100 workloads
 * (1,000 in total) — it runs the simulated mesh (`meshlens simulate`'s exporter and a real
 * Prometheus scraping every pod, by default every 15 s as Istio's addon Prometheus does: every
 * 5 s, Prometheus' ingestion and the exporter's rendering of ≈0.5 GB a round take a large share of
 * this 2-core machine from the measured requests), waits until Prometheus holds three samples
 * of every request series, starts the console API in a child process (so its memory is its own), then GETs the
 * versionedApp graph of every namespace with every appender, 5 times to warm up and K times
 * measured, one after the other, all at one `queryTime`. Prints p50/p95/max, the answer's node
 * and edge counts, the child's RSS and heap, where the time goes (Prometheus queries, graph
 * building, JSON), and PASS/FAIL against the targets ((a) p95 ≤ 500 ms, (b) p95 ≤ 1,500 ms).
 * The console's Prometheus answer cache is off, so every request queries Prometheus.
 */
import { parseArgs } from 'node:util';
import { graphJsonSchema } from '@meshlens/mesh-core/graph';
import { startSimulation, waitForScrapes } from '../src/simulate/index.ts';
import type { RunningSimulation } from '../src/simulate/index.ts';
import { startConsoleProcess } from './graph/console-process.ts';
import type { ConsoleProcess } from './graph/console-process.ts';
import type { QuerySpan } from './graph/protocol.ts';
import { machineFacts, ms, percentile, timedGet } from './traces/measure.ts';

const SCENARIOS = {
  a: { namespaces: 1, workloads: 300, targetP95Ms: 500 },
  b: { namespaces: 10, workloads: 100, targetP95Ms: 1_500 },
} as const;
type ScenarioName = keyof typeof SCENARIOS;
const WARMUP = 5;
const SEED = 1;
const APPENDERS =
  'deadNode,idleNode,istio,responseTime,securityPolicy,serviceEntry,sidecarsCheck,throughput,health';

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'a,b' },
    iterations: { type: 'string', default: '30' },
    'scrape-interval': { type: 'string', default: '15' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  say(
    'usage: npm run bench:graph -- [--scenarios a,b] [--iterations K (measured requests, after 5 warm-up)]',
  );
  process.exit(0);
}
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations <= 0) {
  say(`--iterations must be a positive integer, got ${values.iterations}`);
  process.exit(2);
}
const scrapeIntervalSeconds = Number(values['scrape-interval']);
if (!Number.isInteger(scrapeIntervalSeconds) || scrapeIntervalSeconds <= 0) {
  say(`--scrape-interval must be a positive whole number of seconds, got ${values['scrape-interval']}`);
  process.exit(2);
}
const scenarios = values.scenarios.split(',').map((s) => s.trim());
const unknown = scenarios.filter((s) => !(s in SCENARIOS));
if (unknown.length > 0 || scenarios.length === 0) {
  say(
    `--scenarios takes a comma-separated list of ${Object.keys(SCENARIOS).join(', ')}; got ${values.scenarios}`,
  );
  process.exit(2);
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const now = (): number => performance.timeOrigin + performance.now();

interface Row {
  readonly name: ScenarioName;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly nodes: number;
  readonly edges: number;
  readonly httpEdges: number;
  readonly rss: number;
  readonly heap: number;
  readonly pass: boolean;
}

/** Per request, the wall time from its first Prometheus query's start to its last one's end. */
function prometheusWallMs(
  spans: readonly QuerySpan[],
  windows: ReadonlyArray<readonly [number, number]>,
): number[] {
  return windows.map(([from, to]) => {
    const inside = spans.filter((s) => s.startMs >= from && s.endMs <= to);
    if (inside.length === 0) return Number.NaN;
    return Math.max(...inside.map((s) => s.endMs)) - Math.min(...inside.map((s) => s.startMs));
  });
}

/** The `count` queries with the highest median time, with what they compute. */
function slowestQueries(spans: readonly QuerySpan[], count: number): string[] {
  const byQuery = new Map<string, number[]>();
  for (const s of spans) byQuery.set(s.query, [...(byQuery.get(s.query) ?? []), s.endMs - s.startMs]);
  return [...byQuery]
    .map(([query, times]) => ({
      query,
      median: percentile(
        [...times].sort((a, b) => a - b),
        50,
      ),
    }))
    .sort((a, b) => b.median - a.median)
    .slice(0, count)
    .map((q) => `${ms(q.median)}  ${q.query.length > 160 ? `${q.query.slice(0, 160)}…` : q.query}`);
}

/** What is running now, stopped on Ctrl-C as in the normal path (children by their handles). */
const running = new Set<{ stop(): Promise<void> }>();
const onSignal = (): void => {
  void Promise.allSettled([...running].map((r) => r.stop())).finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

async function runScenario(name: ScenarioName): Promise<Row> {
  const shape = SCENARIOS[name];
  say(
    `scenario ${name}: ${shape.namespaces} namespace(s) × ${shape.workloads} workloads, scraped every ${scrapeIntervalSeconds} s`,
  );
  let sim: RunningSimulation | undefined;
  let child: ConsoleProcess | undefined;
  try {
    sim = await startSimulation({ ...shape, seed: SEED, exporterPort: 0, scrapeIntervalSeconds });
    running.add(sim);
    say(
      `  mesh: ${sim.mesh.workloads.length} workloads, ${sim.mesh.edges.length} edges; Prometheus pid ${sim.prometheusPid}`,
    );
    const t0 = performance.now();
    await waitForScrapes(sim.prometheusUrl, { series: sim.requestSeries, scrapes: 3, timeoutMs: 300_000 });
    say(
      `  Prometheus has 3 samples of all ${sim.requestSeries} request series after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    child = await startConsoleProcess({
      ...shape,
      seed: SEED,
      startedSec: sim.startedSec,
      prometheusUrl: sim.prometheusUrl,
    });
    running.add(child);
    const params = {
      namespaces: sim.mesh.namespaces.join(','),
      graphType: 'versionedApp',
      duration: '10m',
      appenders: APPENDERS,
      queryTime: String(Math.floor(Date.now() / 1000)),
    };
    const url = `${child.url}/api/namespaces/graph?${new URLSearchParams(params).toString()}`;
    for (let i = 0; i < WARMUP; i++) await timedGet(url);
    const samples: number[] = [];
    const windows: Array<readonly [number, number]> = [];
    let body = '';
    for (let i = 0; i < iterations; i++) {
      const from = now();
      const r = await timedGet(url);
      windows.push([from, now()]);
      samples.push(r.ms);
      body = r.body;
    }
    const graph = graphJsonSchema.parse(JSON.parse(body));
    const httpEdges = graph.elements.edges.filter((e) => Number(e.data.traffic.rates?.http ?? 0) > 0).length;
    const stats = await child.ask({ type: 'stats' }, 'stats', 10_000);
    const profile = await child.ask({ type: 'profile', params, repeat: 5 }, 'profile', 120_000);
    const sorted = [...samples].sort((a, b) => a - b);
    const prom = prometheusWallMs(stats.spans, windows).sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const queries = stats.spans.length / (iterations + WARMUP);
    say(
      `  ${iterations} requests: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(p95)}, max ${ms(sorted.at(-1) ?? Number.NaN)}`,
    );
    say(
      `  where the time goes (p50): Prometheus queries ${ms(percentile(prom, 50))} wall (${queries.toFixed(0)} queries per request, run at once), ` +
        `graph building ${ms(
          percentile(
            [...profile.buildMs].sort((a, b) => a - b),
            50,
          ),
        )}, ` +
        `JSON ${ms(
          percentile(
            [...profile.jsonMs].sort((a, b) => a - b),
            50,
          ),
        )} (${(profile.jsonBytes / 1e6).toFixed(2)} MB)`,
    );
    say('  slowest queries (median over requests):');
    for (const line of slowestQueries(stats.spans, 4)) say(`    ${line}`);
    return {
      name,
      p50: percentile(sorted, 50),
      p95,
      max: sorted.at(-1) ?? Number.NaN,
      nodes: graph.elements.nodes.length,
      edges: graph.elements.edges.length,
      httpEdges,
      rss: stats.memory.rss,
      heap: stats.memory.heapUsed,
      pass: p95 <= shape.targetP95Ms && httpEdges > 0,
    };
  } finally {
    if (child !== undefined) {
      running.delete(child);
      await child.stop();
    }
    if (sim !== undefined) {
      running.delete(sim);
      await sim.stop();
    }
  }
}

async function main(): Promise<void> {
  say('Meshlens namespace-graph benchmark');
  for (const fact of machineFacts()) say(`  ${fact}`);
  const rows: Row[] = [];
  for (const name of scenarios as ScenarioName[]) rows.push(await runScenario(name));
  say();
  say(
    'scenario  p50        p95        max        nodes  edges (http>0)  server RSS  heap     target p95   result',
  );
  for (const r of rows) {
    const target = SCENARIOS[r.name].targetP95Ms;
    say(
      `${r.name.padEnd(9)} ${ms(r.p50).padEnd(10)} ${ms(r.p95).padEnd(10)} ${ms(r.max).padEnd(10)} ` +
        `${String(r.nodes).padEnd(6)} ${`${r.edges} (${r.httpEdges})`.padEnd(15)} ${mib(r.rss).padEnd(11)} ` +
        `${mib(r.heap).padEnd(8)} ≤ ${String(target).padEnd(5)} ms  ${r.pass ? 'PASS' : 'FAIL'}`,
    );
  }
}

await main();
