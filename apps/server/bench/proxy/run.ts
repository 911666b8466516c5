/**
 * One run of one scenario: a fresh app and fresh proxies in a fresh temp directory, an
 * end-to-end check that a request through them reaches the app, the fixed-rate measurement
 * (warm-up, then the window), then the closed-loop saturation measurement; everything the run
 * started is stopped by PID and its directory removed, whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpGet } from './http-probe.ts';
import { runLoad } from './loadgen-client.ts';
import type { LoadRun } from './loadgen-client.ts';
import { nodeScript, repoRoot } from './paths.ts';
import { announcedPort, ProcessGroup } from './processes.ts';
import type { Scenario } from './scenario.ts';
import { benchAuthority } from './sidecars.ts';

export const appBodyBytes = 1024;

export interface RunSettings {
  readonly rate: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** 0 skips the saturation measurement. */
  readonly saturationSeconds: number;
  readonly loadCpu: number;
  readonly serverCpu: number;
}

export interface RunRecord {
  readonly scenario: string;
  readonly round: number;
  readonly proxyLabels: readonly string[];
  readonly open: LoadRun;
  readonly saturation: LoadRun | null;
  readonly stats: Record<string, unknown>;
}

/** What must be undone if the benchmark is interrupted: live process groups and temp dirs. */
export class Session {
  private readonly groups = new Set<ProcessGroup>();
  private readonly dirs = new Set<string>();

  track(group: ProcessGroup, dir: string): void {
    this.groups.add(group);
    this.dirs.add(dir);
  }

  async release(group: ProcessGroup, dir: string): Promise<void> {
    await group.stopAll();
    group.dispose();
    rmSync(dir, { recursive: true, force: true });
    this.groups.delete(group);
    this.dirs.delete(dir);
  }

  async releaseAll(): Promise<void> {
    for (const group of [...this.groups]) {
      await group.stopAll();
      group.dispose();
    }
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    this.groups.clear();
    this.dirs.clear();
  }
}

export async function runScenario(options: {
  readonly session: Session;
  readonly scenario: Scenario;
  readonly round: number;
  readonly settings: RunSettings;
}): Promise<RunRecord> {
  const { scenario, settings } = options;
  const dir = mkdtempSync(join(tmpdir(), `meshlens-proxy-bench-${scenario.id}-`));
  const group = new ProcessGroup();
  options.session.track(group, dir);
  try {
    const app = group.start({
      name: 'app',
      ...nodeScript('upstream-app.ts'),
      cpu: settings.serverCpu,
      stdout: 'pipe',
      cwd: repoRoot,
    });
    const appHostPort = { host: '127.0.0.1', port: await announcedPort(app) };
    const running = await scenario.start({ group, dir, app: appHostPort, serverCpu: settings.serverCpu });
    const entry = `http://${running.entry.host}:${running.entry.port}/`;
    const check = await httpGet(entry, { host: benchAuthority });
    if (check.status !== 200 || check.body.length !== appBodyBytes)
      throw new Error(
        `${scenario.label}: GET ${entry} (Host: ${benchAuthority}) answered ${check.status} with ` +
          `${check.body.length} bytes, not the app's 200 with ${appBodyBytes}: ${check.body.slice(0, 300)}`,
      );
    const subjects = [...running.proxies, ...running.helpers, { label: 'app', pids: [app.pid] }];
    const load = {
      host: running.entry.host,
      port: running.entry.port,
      authority: benchAuthority,
      connections: settings.connections,
      rate: settings.rate,
      expectBodyBytes: appBodyBytes,
    };
    const open = await runLoad({
      group,
      config: {
        ...load,
        mode: 'open',
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.durationSeconds,
      },
      subjects,
      cpu: settings.loadCpu,
    });
    group.assertAllRunning();
    const saturation =
      settings.saturationSeconds > 0
        ? await runLoad({
            group,
            config: {
              ...load,
              mode: 'closed',
              warmupSeconds: 1,
              durationSeconds: settings.saturationSeconds,
            },
            subjects,
            cpu: settings.loadCpu,
          })
        : null;
    group.assertAllRunning();
    const stats = running.stats ? await running.stats() : {};
    return {
      scenario: scenario.id,
      round: options.round,
      proxyLabels: running.proxies.map((p) => p.label),
      open,
      saturation,
      stats,
    };
  } finally {
    await options.session.release(group, dir);
  }
}
