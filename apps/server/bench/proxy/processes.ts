/**
 * Child processes of the proxy benchmark: each started pinned to one core with `taskset -c`,
 * which execs the program, so the PID we hold is the PID of the process doing the work (never
 * a shell or npm wrapper in between). Every process is stopped by its PID — SIGTERM, then SIGKILL
 * after a grace period — including helper PIDs a process forked (nginx workers), and a
 * synchronous last resort runs on exit so nothing outlives the benchmark.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';

const stopGraceMs = 3_000;
const stderrTailBytes = 8_192;

export interface StartOptions {
  /** For messages: `client sidecar`, `nginx hop 1`, … */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The core the process (and every thread and child it starts) may run on. */
  readonly cpu: number;
  /** `pipe` to read it, a file descriptor to write it to a file, or `ignore`. */
  readonly stdout: 'pipe' | 'ignore' | number;
  readonly cwd?: string;
}

export class ManagedProcess {
  readonly exited: Promise<void>;
  /** PIDs this process forked that must also go when it is stopped (nginx workers). */
  readonly helperPids: number[] = [];
  private stderrTail = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new Error(`${name}: could not start ${child.spawnfile}`);
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-stderrTailBytes);
    });
  }

  get pid(): number {
    // Checked in the constructor.
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last few KiB the process wrote to stderr, for error messages. */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  describeExit(): string {
    const how =
      this.child.signalCode !== null ? `signal ${this.child.signalCode}` : `code ${this.child.exitCode}`;
    return `${this.name} (pid ${this.pid}) exited with ${how}${this.stderr ? `:\n${this.stderr}` : ''}`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The processes of one benchmark run, stopped together. */
export class ProcessGroup {
  private readonly processes = new Set<ManagedProcess>();
  private readonly onExit = (): void => {
    this.killAllNow();
  };

  constructor() {
    process.on('exit', this.onExit);
  }

  start(options: StartOptions): ManagedProcess {
    const child = spawn('taskset', ['-c', String(options.cpu), options.command, ...options.args], {
      stdio: ['ignore', options.stdout, 'pipe'],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    child.once('error', (error) => {
      // Only spawn failures land here (taskset or the program missing); the constructor throws.
      process.stderr.write(`${options.name}: ${error.message}\n`);
    });
    const managed = new ManagedProcess(options.name, child);
    this.processes.add(managed);
    return managed;
  }

  async stop(managed: ManagedProcess): Promise<void> {
    if (managed.running) {
      signal(managed.pid, 'SIGTERM');
      const stopped = await Promise.race([managed.exited.then(() => true), delay(stopGraceMs)]);
      if (!stopped) {
        signal(managed.pid, 'SIGKILL');
        await managed.exited;
      }
    }
    for (const pid of managed.helperPids) {
      if (!alive(pid)) continue;
      signal(pid, 'SIGTERM');
      await delay(200);
      if (alive(pid)) signal(pid, 'SIGKILL');
    }
    this.processes.delete(managed);
  }

  /** Throws, naming it and showing its stderr, if a process of the group has died. */
  assertAllRunning(): void {
    const dead = [...this.processes].filter((p) => !p.running);
    if (dead.length > 0) throw new Error(dead.map((p) => p.describeExit()).join('\n'));
  }

  /** Stops every process, the most recently started first (proxies before what they front). */
  async stopAll(): Promise<void> {
    for (const managed of [...this.processes].reverse()) await this.stop(managed);
  }

  /** Synchronous last resort, for process exit: SIGKILL by PID whatever is left. */
  killAllNow(): void {
    for (const managed of this.processes) {
      if (managed.running) signal(managed.pid, 'SIGKILL');
      for (const pid of managed.helperPids) if (alive(pid)) signal(pid, 'SIGKILL');
    }
    this.processes.clear();
  }

  dispose(): void {
    process.off('exit', this.onExit);
  }
}

/** Resolves when `probe` succeeds; rejects when the process dies or after `timeoutMs`. */
export async function waitUntil(
  managed: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!managed.running) throw new Error(managed.describeExit());
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(
        `${managed.name} (pid ${managed.pid}) not ready after ${timeoutMs} ms` +
          (managed.stderr ? `; stderr:\n${managed.stderr}` : ''),
      );
    await delay(100);
  }
}

const announcement = z.object({ port: z.number().int().positive() });

/** The port a helper announces as its first stdout line, `{"port": n}`. */
export async function announcedPort(managed: ManagedProcess, timeoutMs = 30_000): Promise<number> {
  return announcement.parse(await firstJsonLine(managed, timeoutMs)).port;
}

function firstJsonLine(managed: ManagedProcess, timeoutMs: number): Promise<unknown> {
  const stdout = managed.child.stdout;
  if (!stdout) return Promise.reject(new Error(`${managed.name}: stdout is not piped`));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      reject(new Error(`${managed.name}: no output after ${timeoutMs} ms. ${managed.stderr}`));
    }, timeoutMs);
    stdout.setEncoding('utf8');
    const onData = (chunk: string): void => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      stdout.off('data', onData);
      stdout.resume();
      try {
        resolve(JSON.parse(buffered.slice(0, end)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    stdout.on('data', onData);
    void managed.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(managed.describeExit()));
    });
  });
}

export { freePort } from '../../src/net/free-port.ts';
