/**
 * A demo app spawned as its own OS process (main.ts under tsx), for tests and for a platform that
 * runs each workload apart: started with `PORT=0` unless a port is given, ready once it prints its
 * `listening on` line, its stdout (the request log) kept, stopped by its pid.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DemoAppName } from './apps.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SpawnDemoAppOptions {
  readonly app: DemoAppName;
  readonly version?: string;
  /** Added to this process's environment (`PORT`, `HTTP_PROXY`, `SERVICES_*`, …). */
  readonly env?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

export interface DemoAppProcess {
  readonly pid: number;
  readonly port: number;
  /** Everything written to stdout so far: the ready line, then one line per request. */
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** The node arguments that run one demo app as its own process (`PORT` and `HTTP_PROXY` from env). */
export function demoAppArgs(app: DemoAppName, version?: string): string[] {
  return ['--import', TSX_LOADER, MAIN, app, ...(version !== undefined ? ['--version', version] : [])];
}

export function spawnDemoApp(options: SpawnDemoAppOptions): Promise<DemoAppProcess> {
  const args = demoAppArgs(options.app, options.version);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const fail = (message: string): void => {
      clearTimeout(timer);
      void stop().then(() => {
        reject(new Error(`${options.app}: ${message}\n${err}`));
      });
    };
    const timer = setTimeout(() => {
      fail('not ready in time');
    }, options.readyTimeoutMs ?? 20_000);
    child.once('exit', (code) => {
      fail(`exited with ${code ?? 'a signal'}`);
    });
    child.stdout.on('data', (d: string) => {
      const before = out;
      out += d;
      const ready = /listening on .*:(\d+)\n/.exec(out);
      if (ready && !/listening on .*:(\d+)\n/.test(before) && child.pid !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ pid: child.pid, port: Number(ready[1]), stdout: () => out, stderr: () => err, stop });
      }
    });
  });
}
