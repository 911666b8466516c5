/**
 * `npm run bench:ui`: how the console's Traffic Graph behaves in a real browser on a large mesh.
 * It runs `meshlens simulate`'s mesh (exporter, a real Prometheus, the console API and the built
 * web console; `startSimulation`, what the command runs) at about 1,000 graph nodes, waits until
 * Prometheus has three samples of every request series, then, in headless Chromium (Debian's
 * `/usr/bin/chromium`), per run:
 *
 * 1. Drawn and interactive: from navigation start (the page's `performance.now()` 0) to the frame
 *    presenting the first tap on a node of the canvas, where the tap is made as soon as both the
 *    accessible Edges table has rows and cytoscape has drawn the graph (see `ui/in-page.ts`). Each
 *    milestone is printed too, and the graph page's own `window.__meshlensGraphReady` when it has one.
 * 2. Frame time while panning (mouse drags on the canvas) and zooming (wheel): requestAnimationFrame
 *    intervals during the gestures, p50/p95.
 * 3. JS heap: CDP `Runtime.getHeapUsage` (used/total) and `performance.memory.usedJSHeapSize`.
 *
 * Prints the results with PASS/FAIL against the targets: drawn and interactive ≤ 3 s, frame time
 * p95 ≤ 33 ms. Use `--web-dist` to serve a console build other than `apps/web/dist`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Browser, Page } from '@playwright/test';
import { launchChromium, positiveOption, printTable, say } from './browser-bench.ts';
import { startSimulation, waitForScrapes } from '../src/simulate/index.ts';
import type { RunningSimulation } from '../src/simulate/index.ts';
import { IN_PAGE_SCRIPT, inPageResultSchema } from './ui/in-page.ts';
import type { InPageResult } from './ui/in-page.ts';
import { machineFacts, percentile } from './traces/measure.ts';

const TARGET_READY_MS = 3_000;
const tapPointSchema = z.object({ x: z.number(), y: z.number() }).nullable();
const TARGET_FRAME_MS = 33;
const VIEWPORT = { width: 1600, height: 1000 };

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '10' },
    workloads: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    'web-dist': { type: 'string', default: fileURLToPath(new URL('../../web/dist', import.meta.url)) },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  say(
    'usage: npm run bench:ui -- [--namespaces N] [--workloads M (per namespace)] [--runs R] [--web-dist DIR]',
  );
  process.exit(0);
}

const namespaces = positiveOption('namespaces', values.namespaces);
const workloads = positiveOption('workloads', values.workloads);
const runs = positiveOption('runs', values.runs);

interface RunResult {
  readonly page: InPageResult;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly panFrames: number[];
  readonly zoomFrames: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function read(page: Page): Promise<InPageResult> {
  return inPageResultSchema.parse(await page.evaluate('window.__uiBenchRead()'));
}

async function setSampling(page: Page, on: boolean): Promise<void> {
  await page.evaluate(
    `(() => { window.__uiBench.sampling = ${on}; window.__uiBench.frames = ${on ? '[]' : 'window.__uiBench.frames'}; })()`,
  );
}

/** The graph canvas's box on the page. */
async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByRole('img', { name: /^Traffic graph/ }).boundingBox();
  if (!box) throw new Error('the graph canvas is not on the page');
  return box;
}

async function oneRun(browser: Browser, url: string): Promise<RunResult> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: IN_PAGE_SCRIPT });
    const cdp = await context.newCDPSession(page);
    await page.goto(url, { waitUntil: 'commit' });
    // Tap as soon as the list and the canvas are there: the tap's presentation ends the measure.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await read(page);
      if (r.listAt !== null && r.paintedAt !== null) break;
      if (Date.now() > deadline)
        throw new Error(
          `the graph was not drawn within 60 s (list at ${r.listAt}, painted at ${r.paintedAt})`,
        );
      await sleep(10);
    }
    const box = await canvasBox(page);
    // A node's middle, so that the tap selects something, as a user's would.
    const point = tapPointSchema.parse(await page.evaluate('window.__uiBenchTapPoint()')) ?? {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
    };
    await page.mouse.click(point.x, point.y);
    for (let i = 0; i < 200 && (await read(page)).tapAt === null; i++) await sleep(10);
    await sleep(1000);

    // Panning: drags across the canvas, each in 20 steps.
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await setSampling(page, true);
    for (let i = 0; i < 4; i++) {
      const dx = i % 2 === 0 ? 300 : -300;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dx, cy + dx / 3, { steps: 20 });
      await page.mouse.up();
    }
    await sleep(200);
    const panFrames = (await read(page)).frames;
    // Zooming: wheel steps in, then out.
    await setSampling(page, true);
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, i < 15 ? -120 : 120);
      await sleep(16);
    }
    await sleep(200);
    const zoomFrames = (await read(page)).frames;
    await setSampling(page, false);

    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      page: await read(page),
      heapUsed: heap.usedSize,
      heapTotal: heap.totalSize,
      panFrames,
      zoomFrames,
    };
  } finally {
    await context.close();
  }
}

const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'n/a' : `${v.toFixed(0)} ms`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

async function main(): Promise<void> {
  say('bench:ui — the Traffic Graph in headless Chromium on a simulated mesh');
  for (const fact of machineFacts()) say(`  ${fact}`);
  let sim: RunningSimulation | undefined;
  let browser: Browser | undefined;
  const stopAll = async (): Promise<void> => {
    await browser?.close();
    await sim?.stop();
  };
  process.once('SIGINT', () => {
    void stopAll().finally(() => process.exit(130));
  });
  try {
    sim = await startSimulation({
      namespaces,
      workloads,
      seed: 1,
      exporterPort: 0,
      consolePort: 0,
      webDistDir: values['web-dist'],
    });
    say(
      `mesh: ${namespaces} namespace(s) × ${workloads} workloads: ${sim.mesh.workloads.length} workloads, ${sim.mesh.edges.length} edges`,
    );
    await waitForScrapes(sim.prometheusUrl, { series: sim.requestSeries, scrapes: 3, timeoutMs: 300_000 });
    const all = sim.mesh.namespaces.join(',');
    // Paused refresh: every run measures one load of the graph, not a load racing a poll.
    const url = `${sim.consoleUrl ?? ''}/graph/namespaces?namespaces=${all}&graphType=versionedApp&refresh=0`;
    const graph = (await (
      await fetch(
        `${sim.consoleUrl ?? ''}/api/namespaces/graph?namespaces=${all}&graphType=versionedApp&duration=60s`,
      )
    ).json()) as {
      elements?: { nodes?: unknown[]; edges?: unknown[] };
    };
    say(
      `graph: ${graph.elements?.nodes?.length ?? 0} nodes (boxes included), ${graph.elements?.edges?.length ?? 0} edges`,
    );
    browser = await launchChromium();
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(browser, url);
      results.push(r);
      say(
        `run ${i + 1}: list ${fmt(r.page.listAt)}, painted ${fmt(r.page.paintedAt)}, tap presented ${fmt(r.page.tapAt)}, page hook ${fmt(r.page.hookAt)}; ${r.page.edgeRows} edge rows`,
      );
    }
    const ready = sorted(results.map((r) => r.page.tapAt ?? Number.POSITIVE_INFINITY));
    const readyMedian = percentile(ready, 50);
    const pan = sorted(results.flatMap((r) => r.panFrames));
    const zoom = sorted(results.flatMap((r) => r.zoomFrames));
    const frames = sorted([...pan, ...zoom]);
    const last = results[results.length - 1];
    const rows: Array<[string, string, string, string]> = [
      [
        'drawn and interactive (median of runs)',
        fmt(readyMedian),
        `≤ ${TARGET_READY_MS} ms`,
        readyMedian <= TARGET_READY_MS ? 'PASS' : 'FAIL',
      ],
      [
        '  accessible Edges table populated',
        fmt(percentile(sorted(results.map((r) => r.page.listAt ?? Infinity)), 50)),
        '',
        '',
      ],
      [
        '  canvas painted',
        fmt(percentile(sorted(results.map((r) => r.page.paintedAt ?? Infinity)), 50)),
        '',
        '',
      ],
      [
        'frame time while panning p50 / p95',
        `${percentile(pan, 50).toFixed(1)} / ${percentile(pan, 95).toFixed(1)} ms`,
        '',
        '',
      ],
      [
        'frame time while zooming p50 / p95',
        `${percentile(zoom, 50).toFixed(1)} / ${percentile(zoom, 95).toFixed(1)} ms`,
        '',
        '',
      ],
      [
        'frame time, all gestures p95',
        `${percentile(frames, 95).toFixed(1)} ms (${frames.length} frames)`,
        `≤ ${TARGET_FRAME_MS} ms`,
        percentile(frames, 95) <= TARGET_FRAME_MS ? 'PASS' : 'FAIL',
      ],
      [
        'JS heap used / total (CDP, after GC)',
        last ? `${mib(last.heapUsed)} / ${mib(last.heapTotal)}` : 'n/a',
        '',
        '',
      ],
      [
        'JS heap (performance.memory)',
        last?.page.usedJsHeapBytes == null ? 'n/a' : mib(last.page.usedJsHeapBytes),
        '',
        '',
      ],
    ];
    printTable(rows);
  } finally {
    await stopAll();
  }
}

await main();
