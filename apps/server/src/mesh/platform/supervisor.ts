/**
 * One supervised OS process of the local platform (an app or a sidecar): started, restarted with
 * backoff when it exits (1 s doubling to 30 s, back to 1 s after a minute of running, as
 * Kubernetes' CrashLoopBackOff does), its last output lines kept for the console's logs view, and
 * stopped by its pid (SIGTERM, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { LogTail } from '../../process/log-tail.ts';

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export type ProcessState = 'running' | 'backoff' | 'stopped';

export class ManagedProcess {
  readonly stdout = new LogTail(500);
  readonly stderr = new LogTail(500);
  #child: ChildProcess | undefined;
  #state: ProcessState = 'stopped';
  #restarts = 0;
  #failures = 0;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #wanted = false;

  /** `onState` hears every start and exit: the platform's readiness follows it. */
  constructor(
    readonly spec: ProcessSpec,
    private readonly onState: (state: ProcessState) => void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get state(): ProcessState {
    return this.#state;
  }

  get restarts(): number {
    return this.#restarts;
  }

  start(): void {
    this.#wanted = true;
    this.#spawn();
  }

  #spawn(): void {
    const { command, args, env, cwd } = this.spec;
    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      ...(cwd !== undefined ? { cwd } : {}),
    });
    this.#child = child;
    this.#state = 'running';
    this.#startedAt = Date.now();
    this.onState('running');
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.stdout.write(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr.write(d);
    });
    child.on('error', (e) => {
      this.stderr.write(`cannot start ${command}: ${e.message}\n`);
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      if (!this.#wanted) {
        this.#state = 'stopped';
        this.onState('stopped');
        return;
      }
      if (Date.now() - this.#startedAt > 60_000) this.#failures = 0;
      const delay = Math.min(30_000, 1000 * 2 ** this.#failures++);
      this.#state = 'backoff';
      this.onState('backoff');
      this.stderr.write(
        `[platform] ${this.spec.name} exited (${signal ?? code ?? '?'}); restarting in ${delay} ms\n`,
      );
      this.#timer = setTimeout(() => {
        this.#restarts++;
        this.#spawn();
      }, delay);
      this.#timer.unref();
    });
  }

  async stop(): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#timer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.#state = 'stopped';
      return;
    }
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
    this.#state = 'stopped';
  }
}
