/**
 * A real Meshlens stack for the end-to-end suite: `meshlens start` (control plane, Bookinfo on the
 * local platform, gateway, Prometheus, trace store, load) in a fresh data directory, every port
 * picked free on loopback, never the demo's. Started once before the suite, stopped by its pid
 * after it (SIGTERM, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MESHLENS = join(REPO, 'apps/server/bin/meshlens.js');

/** The shared demo's ports and Meshlens' defaults: other people's stacks may hold them. */
const RESERVED = new Set([15010, 15012, 8080, 9090, 16686, 4318]);

/** Ports already handed out in this process: a probed port stays free until its user binds it. */
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen(port, '127.0.0.1', () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

/**
 * A free port below Linux's ephemeral range (32768+), where outgoing connections never land, and
 * away from the platform's own draws (it picks at random from 10000-32000; a clash is improbable
 * and the stack then fails to start loudly).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (RESERVED.has(port) || handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found in 20000-31999');
}

export interface RunningStack {
  /** The control plane: console pages and API. */
  readonly url: string;
  readonly gatewayUrl: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The built console the server serves at `/`; default the server's own (`apps/web/dist`). */
  readonly webDistDir?: string;
  readonly loadRate: number;
  readonly startTimeoutMs: number;
  /** Where the stack's output is kept once it stopped (its data directory is removed). */
  readonly keepLogAt?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a process by its pid: SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.body?.cancel();
    return r.ok;
  } catch {
    return false;
  }
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshlens-e2e-'));
  const logFile = join(dataDir, 'meshlens.log');
  const ports = {
    controlPlane: await freePort(),
    discovery: await freePort(),
    gateway: await freePort(),
    otlp: await freePort(),
    jaegerQuery: await freePort(),
    prometheus: await freePort(),
  };
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.webDistDir !== undefined) env.MESHLENS_WEB_DIST = options.webDistDir;
  const child = spawn(
    process.execPath,
    [
      MESHLENS,
      'start',
      ...['--data-dir', dataDir, '--host', '127.0.0.1'],
      ...['--control-plane-port', String(ports.controlPlane)],
      ...['--discovery-port', String(ports.discovery)],
      ...['--gateway-port', String(ports.gateway)],
      ...['--otlp-port', String(ports.otlp)],
      ...['--jaeger-query-port', String(ports.jaegerQuery)],
      ...['--prometheus-port', String(ports.prometheus)],
      ...['--load-rate', String(options.loadRate)],
    ],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(logFile);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
    log.write(d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    log.write(d);
  });
  const url = `http://127.0.0.1:${ports.controlPlane}`;
  const stop = async (): Promise<void> => {
    await stopProcess(child, 15_000);
    await new Promise<void>((resolve) => log.end(resolve));
    if (options.keepLogAt !== undefined) {
      mkdirSync(dirname(options.keepLogAt), { recursive: true });
      copyFileSync(logFile, options.keepLogAt);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + options.startTimeoutMs;
  try {
    while (!(output.includes('Meshlens is running.') && (await answers(`${url}/api/namespaces`)))) {
      if (child.exitCode !== null) throw new Error(`meshlens start exited with ${child.exitCode}`);
      if (Date.now() > deadline)
        throw new Error(`meshlens start did not come up in ${options.startTimeoutMs} ms`);
      await sleep(250);
    }
  } catch (e) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    await stop();
    throw new Error(`${(e as Error).message}\n--- its output ---\n${tail}`, { cause: e });
  }
  if (child.pid === undefined) throw new Error('meshlens start has no pid');
  return { url, gatewayUrl: `http://127.0.0.1:${ports.gateway}`, pid: child.pid, logFile, stop };
}
