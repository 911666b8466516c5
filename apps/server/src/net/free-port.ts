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

/** A port free on 127.0.0.1 right now, between 10000 and 32000. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    if (await portFree(port)) return port;
  }
  throw new Error('no free port found on 127.0.0.1 between 10000 and 32000');
}
