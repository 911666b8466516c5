/**
 * The Prometheus of the local mesh: the `prometheus` binary (Debian's package, which
 * `scripts/setup.sh` installs) run as a child process with generated configuration in the data
 * directory, or, with PROMETHEUS_URL, an existing server and no process at all.
 *
 * Start: write `<dataDir>/prometheus/prometheus.yml`, check the port is free (a clear error beats
 * Prometheus's own exit), spawn, poll `/-/ready` until it answers 200 or the process exits. Stop:
 * SIGTERM to the child's pid, SIGKILL after a timeout; never a signal by process name.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prometheusConfigYaml } from './config.ts';
import type { ControlPlaneScrape } from './config.ts';
import { LogTail } from '../../../process/log-tail.ts';
import { portFree } from '../../../net/free-port.ts';

export const prometheusErrorCodes = [
  'binary-missing',
  'port-in-use',
  'data-dir-locked',
  'exited',
  'not-ready',
  'invalid-url',
] as const;
export type PrometheusErrorCode = (typeof prometheusErrorCodes)[number];

export class PrometheusRuntimeError extends Error {
  override readonly name = 'PrometheusRuntimeError';
  constructor(
    readonly code: PrometheusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface StartPrometheusOptions {
  /** Meshlens's data directory; Prometheus uses `<dataDir>/prometheus/`. */
  readonly dataDir: string;
  /** Port on 127.0.0.1 for Prometheus's web server and API. */
  readonly port: number;
  /** The control plane's HTTP SD endpoint. */
  readonly targetsUrl: string;
  readonly controlPlane?: ControlPlaneScrape;
  /** Defaults to `prometheus` on the PATH. */
  readonly binary?: string;
  readonly scrapeIntervalSeconds?: number;
  /** How long to wait for `/-/ready`; defaults to 30 s. */
  readonly readyTimeoutMs?: number;
  /** From SIGTERM to SIGKILL on stop; defaults to 10 s. */
  readonly stopTimeoutMs?: number;
  /** Log lines kept; defaults to 200. */
  readonly logLines?: number;
}

export interface PrometheusExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface PrometheusProcess {
  /** Base URL of its HTTP API, no trailing slash. */
  readonly url: string;
  readonly pid: number;
  readonly configFile: string;
  /** Settles when the process exits, whoever stopped it. */
  readonly exited: Promise<PrometheusExit>;
  /** The last lines Prometheus logged (stdout and stderr). */
  log(): string[];
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; resolves once the process is gone. */
  stop(): Promise<void>;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function missingBinary(binary: string): PrometheusRuntimeError {
  return new PrometheusRuntimeError(
    'binary-missing',
    `the Prometheus binary ${JSON.stringify(binary)} was not found: run \`bash scripts/setup.sh\` ` +
      "(it installs Debian's prometheus package), or set PROMETHEUS_URL to the URL of an existing Prometheus server",
  );
}

function portInUse(port: number): PrometheusRuntimeError {
  return new PrometheusRuntimeError(
    'port-in-use',
    `port ${port} on 127.0.0.1 is in use: Prometheus cannot listen there; choose another port ` +
      `or set PROMETHEUS_URL to use an existing server`,
  );
}

/** The error for an exit during start-up, named from what Prometheus logged. */
function startFailure(
  options: StartPrometheusOptions,
  exit: PrometheusExit,
  tail: string,
): PrometheusRuntimeError {
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  // Taken between the check and the bind.
  if (/address already in use/i.test(tail)) return portInUse(options.port);
  if (/lock DB directory/i.test(tail)) {
    return new PrometheusRuntimeError(
      'data-dir-locked',
      `another Prometheus is using ${join(options.dataDir, 'prometheus', 'data')}: stop it or use another data directory`,
    );
  }
  return new PrometheusRuntimeError(
    'exited',
    `Prometheus ${how} while starting; its last log lines:\n${tail}`,
  );
}

export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusProcess> {
  const { port } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`port ${port} is not a TCP port (1-65535)`);
  }
  const binary = options.binary ?? 'prometheus';
  const home = join(options.dataDir, 'prometheus');
  const configFile = join(home, 'prometheus.yml');
  const storage = join(home, 'data');
  const config = prometheusConfigYaml(options);
  await mkdir(storage, { recursive: true });
  await writeFile(configFile, config);
  if (!(await portFree(port))) throw portInUse(port);

  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${storage}`,
      // Off by default in 2.42: without it a second Prometheus on the same data would corrupt it.
      '--storage.tsdb.use-lockfile',
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tail = new LogTail(options.logLines ?? 200);
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    tail.write(d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    tail.write(d);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<PrometheusExit>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      // Spawning failed: no process, no exit event.
      spawnError = e;
      resolve({ code: null, signal: null });
    });
    // 'close' rather than 'exit': its last log lines have been read by then.
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  let exit: PrometheusExit | undefined;
  void exited.then((e) => {
    exit = e;
  });

  const pid = child.pid;
  const signal = (name: NodeJS.Signals): void => {
    if (exit !== undefined || pid === undefined) return;
    try {
      process.kill(pid, name);
    } catch (e) {
      // ESRCH: it exited and its exit event has not been handled yet.
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  };
  const stop = async (): Promise<void> => {
    if (exit !== undefined || pid === undefined) return;
    signal('SIGTERM');
    const timer = setTimeout(() => {
      signal('SIGKILL');
    }, options.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exit !== undefined) {
      if (spawnError?.code === 'ENOENT') throw missingBinary(binary);
      if (spawnError !== undefined) {
        throw new PrometheusRuntimeError('exited', `starting ${binary} failed: ${spawnError.message}`);
      }
      throw startFailure(options, exit, tail.text());
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200 && pid !== undefined) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new PrometheusRuntimeError(
        'not-ready',
        `Prometheus (pid ${pid}) was not ready at ${url}/-/ready in time; its last log lines:\n${tail.text()}`,
      );
    }
    await delay(100);
  }
  return { url, pid, configFile, exited, log: () => tail.lines(), stop };
}

export type PrometheusSource =
  { readonly mode: 'external'; readonly url: string } | { readonly mode: 'managed' };

/**
 * Which Prometheus to use: the server named by PROMETHEUS_URL (nothing is started), or one
 * Meshlens starts. An empty PROMETHEUS_URL counts as unset.
 */
export function resolvePrometheus(env: { readonly PROMETHEUS_URL?: string | undefined }): PrometheusSource {
  const raw = env.PROMETHEUS_URL?.trim() ?? '';
  if (raw === '') return { mode: 'managed' };
  const bad = (why: string): PrometheusRuntimeError =>
    new PrometheusRuntimeError(
      'invalid-url',
      `PROMETHEUS_URL ${JSON.stringify(raw)} ${why}; expected the base URL of a Prometheus server, e.g. http://prometheus:9090`,
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw bad(`has scheme ${url.protocol}, not http or https`);
  if (url.search !== '' || url.hash !== '') throw bad('has a query or fragment');
  return { mode: 'external', url: url.href.replace(/\/+$/, '') };
}
