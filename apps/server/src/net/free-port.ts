/**
 * Ports for processes started on loopback (sidecars, apps, Prometheus, benchmarks' servers).
 * A port is picked at random below Linux's ephemeral range (32768-60999): a port the OS hands out
 * for outgoing connections could be taken by a client socket between the probe and the real
 * bind, which thousands of proxied requests make likely; ports below the range are only ever
 * taken on purpose.
 */
import { createServer } from 'node:net';

/** Whether `port` can be bound on `host` right now. */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen(port, host, () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

const LOW = 10_000;
const SPAN = 22_000;
/** Vitest runs test files in parallel workers; each draws from its own slice of the range. */
const SLICES = 8;

/** Ports this process handed out: a probe says a port is free until its user binds it. */
const handedOut = new Set<number>();

function range(): { low: number; size: number } {
  const pool = Number(process.env.VITEST_POOL_ID);
  if (!Number.isInteger(pool) || pool <= 0) return { low: LOW, size: SPAN };
  const size = Math.floor(SPAN / SLICES);
  return { low: LOW + ((pool - 1) % SLICES) * size, size };
}

/**
 * A port free on 127.0.0.1 right now, between 10000 and 32000, never one this process handed out
 * before (so ports picked together do not collide before they are bound).
 */
export async function freePort(): Promise<number> {
  const { low, size } = range();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * size);
    if (handedOut.has(port)) continue;
    if (await portFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found on 127.0.0.1 between ${low} and ${low + size}`);
}
