import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeOtlpTraces } from './otlp.ts';
import { TraceStore } from './store.ts';
import {
  NOW_MS,
  NOW_US,
  otlpJson,
  spanId,
  traceId,
  traceIds,
  useTraceStore,
} from './trace-store.test-support.ts';

const HOUR_MS = 3_600_000;
let clockMs = NOW_MS;
const store = useTraceStore({
  nowMs: () => clockMs,
  retention: { maxAgeMs: HOUR_MS, maxSpans: 5, intervalMs: HOUR_MS, maxTracesPerPass: 100 },
});

afterEach(() => {
  clockMs = NOW_MS;
});

/** A trace of `spans` spans from `service`, starting about a minute before "now" (later for a larger n). */
function trace(n: number, service: string, spans = 2): string {
  return otlpJson([
    {
      service,
      spans: Array.from({ length: spans }, (_, i) => ({
        traceId: traceId(n),
        spanId: spanId(n * 100 + i),
        name: `op-${i}`,
        startUs: NOW_US - 60_000_000 + n * 1000 + i,
        durationUs: 10,
      })),
    },
  ]);
}

async function exportAt(atMs: number, body: string): Promise<void> {
  clockMs = atMs;
  expect((await store().export(body)).status).toBe(200);
}

const status = async (n: number): Promise<number> =>
  (await store().query(`/api/traces/${traceId(n)}`)).status;

describe('retention', () => {
  it('drops traces that received nothing for maxAgeMs, and forgets their services', async () => {
    await exportAt(NOW_MS - 2 * HOUR_MS, trace(1, 'details'));
    await exportAt(NOW_MS, trace(2, 'reviews'));

    expect(await status(1)).toBe(404);
    expect(await status(2)).toBe(200);
    expect((await store().query('/api/services')).json).toMatchObject({ data: ['reviews'] });
  });

  it('counts age from the last span a trace received', async () => {
    await exportAt(NOW_MS - 2 * HOUR_MS, trace(1, 'details', 1));
    await exportAt(NOW_MS - HOUR_MS / 2, trace(1, 'ratings', 1).replace(spanId(100), spanId(101)));
    await exportAt(NOW_MS, trace(2, 'reviews', 1));

    const found = await store().query('/api/traces/' + traceId(1));
    expect(found.status).toBe(200);
    expect(found.text).toContain('"serviceName":"details"');
  });

  it('drops the least recently received traces, whole, beyond maxSpans', async () => {
    await exportAt(NOW_MS - 3000, trace(1, 'details'));
    await exportAt(NOW_MS - 2000, trace(2, 'details'));
    await exportAt(NOW_MS - 1000, trace(3, 'details'));

    // 6 spans > 5: the oldest trace goes, both of its spans.
    expect(await status(1)).toBe(404);
    expect(traceIds(await store().query('/api/traces?service=details'))).toEqual([traceId(3), traceId(2)]);
    expect(store().store.spanCount).toBe(4);
  });
});

describe('the database file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the traces across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-trace-db-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'traces.db');
    const first = new TraceStore({ path });
    first.ingest(decodeOtlpTraces(Buffer.from(trace(7, 'details')), 'json'));
    first.close();

    const second = new TraceStore({ path });
    try {
      expect(second.getTrace(traceId(7))?.map((s) => s.operationName)).toEqual(['op-0', 'op-1']);
      expect(second.spanCount).toBe(2);
      expect(second.services()).toEqual(['details']);
    } finally {
      second.close();
    }
  });

  it('copies what it stores into the database file from a worker, not when SQLite would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-trace-db-'));
    dirs.push(dir);
    const path = join(dir, 'traces.db');
    const store = new TraceStore({ path });
    try {
      const empty = statSync(path).size;
      // Far below the 1,000 WAL pages at which SQLite would copy them itself.
      store.ingest(decodeOtlpTraces(Buffer.from(trace(8, 'details', 50)), 'json'));
      await expect.poll(() => statSync(path).size, { timeout: 5_000 }).toBeGreaterThan(empty);
    } finally {
      store.close();
    }
  });
});
