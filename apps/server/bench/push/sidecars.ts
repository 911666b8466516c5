/**
 * The config-push benchmark's proxies: real `meshlens sidecar` processes from the bundle, each
 * bootstrapping from the control plane as one workload's only replica, started a few at a time
 * and stopped by pid, also when the benchmark fails or is interrupted.
 */
import type { SidecarProcess } from '../../src/mesh/sidecar/testing/processes.ts';
import { freePort, spawnSidecar } from '../../src/mesh/sidecar/testing/processes.ts';
import { withConcurrency } from '../traces/measure.ts';
import { NAMESPACE, workloadName } from './mesh.ts';

const running = new Set<SidecarProcess>();

const usedPorts = new Set<number>();

/** A free port not handed to another sidecar of this run. */
async function newPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (usedPorts.has(port)) continue;
    usedPorts.add(port);
    return port;
  }
}

/**
 * Spawns one sidecar; tries again with other ports when one was taken between the probe and the
 * bind (other processes on the machine pick ports too).
 */
async function spawnWithRetry(controlPlaneUrl: string, name: string, attempts = 3): Promise<SidecarProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnSidecar({
        adminPort: await newPort(),
        outboundPort: await newPort(),
        inboundPort: await newPort(),
        args: [
          '--control-plane',
          controlPlaneUrl,
          '--workload',
          name,
          '--namespace',
          NAMESPACE,
          '--pod-name',
          `${name}-0`,
          '--log-level',
          'warning',
        ],
        readyTimeoutMs: 60_000,
      });
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

/** Starts `count` sidecars, `parallel` at a time; returns them once each answers `/ready`. */
export async function startSidecars(
  controlPlaneUrl: string,
  count: number,
  parallel: number,
): Promise<SidecarProcess[]> {
  const started: SidecarProcess[] = [];
  const indexes = Array.from({ length: count }, (_, i) => i);
  await withConcurrency(indexes, parallel, async (i) => {
    const sidecar = await spawnWithRetry(controlPlaneUrl, workloadName(i));
    running.add(sidecar);
    started.push(sidecar);
  });
  return started;
}

/** Stops every sidecar still running (SIGTERM, SIGKILL after 5 s), each by its pid. */
export async function stopSidecars(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(all.map((s) => s.stop()));
}

/** Last resort on process exit: SIGKILL by pid, synchronously. */
export function killSidecarsNow(): void {
  for (const s of running) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}
