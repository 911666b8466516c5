/**
 * Real sidecar processes for tests and benchmarks: `meshlens sidecar` spawned as its own Node
 * process, waited for on its admin `/ready`, its stdout (the access log) collected, and stopped
 * by its pid.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { sidecarBundle, sidecarNodeFlags } from '../../../../bin/build-sidecar.js';

/**
 * Sidecars run from their bundle, as the platform runs them (plain `node`, no TypeScript
 * loader). Vitest's global setup and the benchmarks build it first (`ensureSidecarBundle`).
 */
const bundle = sidecarBundle;

export { freePort } from '../../../net/free-port.ts';

export interface SidecarProcess {
  readonly pid: number;
  readonly adminUrl: string;
  readonly child: ChildProcess;
  /** Everything written to stdout so far (access-log lines). */
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

export interface SpawnSidecarOptions {
  /** A snapshot file; without it, `args` name the control plane (`--control-plane …`). */
  readonly snapshot?: string;
  readonly adminPort: number;
  readonly outboundPort?: number;
  readonly inboundPort?: number;
  readonly args?: readonly string[];
  /** Flags for node itself, e.g. `--cpu-prof` (not accepted through NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** CPU list for taskset (benchmarks). */
  readonly cpus?: string;
  readonly readyTimeoutMs?: number;
}

async function waitReady(
  url: string,
  child: ChildProcess,
  deadline: number,
  err: () => string,
): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sidecar exited with ${child.exitCode}: ${err()}`);
    try {
      const r = await fetch(`${url}/ready`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sidecar not ready at ${url} in time: ${err()}`);
}

export async function spawnSidecar(options: SpawnSidecarOptions): Promise<SidecarProcess> {
  const args = [
    ...sidecarNodeFlags,
    ...(options.nodeArgs ?? []),
    bundle,
    'sidecar',
    ...(options.snapshot !== undefined ? ['--snapshot', options.snapshot] : []),
    '--admin-port',
    String(options.adminPort),
    ...(options.outboundPort !== undefined ? ['--outbound-port', String(options.outboundPort)] : []),
    ...(options.inboundPort !== undefined ? ['--inbound-port', String(options.inboundPort)] : []),
    ...(options.args ?? []),
  ];
  const command = options.cpus !== undefined ? 'taskset' : process.execPath;
  const argv = options.cpus !== undefined ? ['-c', options.cpus, process.execPath, ...args] : args;
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const adminUrl = `http://127.0.0.1:${options.adminPort}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) =>
      child.once('exit', () => {
        r();
      }),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(adminUrl, child, Date.now() + (options.readyTimeoutMs ?? 15_000), () => err);
  } catch (e) {
    await stop();
    throw e;
  }
  if (child.pid === undefined) throw new Error('sidecar has no pid');
  return { pid: child.pid, adminUrl, child, stdout: () => out, stderr: () => err, stop };
}
