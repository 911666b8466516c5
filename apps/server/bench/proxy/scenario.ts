/** What a benchmark scenario is: a way to put something between the load generator and the app. */
import type { Subject } from './proc-stats.ts';
import type { ProcessGroup } from './processes.ts';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface RunContext {
  /** Processes of this run; all stopped when it ends. */
  readonly group: ProcessGroup;
  /** A fresh temporary directory of this run, removed afterwards. */
  readonly dir: string;
  readonly app: HostPort;
  /** The core servers and proxies are pinned to. */
  readonly serverCpu: number;
}

export interface RunningScenario {
  /** Where the load generator sends its requests. */
  readonly entry: HostPort;
  /** The proxies, each measured on its own (all PIDs of one proxy summed). */
  readonly proxies: readonly Subject[];
  /** Other processes worth reporting (the trace sink). */
  readonly helpers: readonly Subject[];
  /** Figures the scenario collects at the end of the run (spans received, …). */
  readonly stats?: () => Promise<Record<string, unknown>>;
}

export interface Scenario {
  readonly id: string;
  readonly label: string;
  /** Whether PASS/FAIL lines for the sidecar targets apply to it. */
  readonly sidecarTargets: boolean;
  readonly start: (ctx: RunContext) => Promise<RunningScenario>;
}

export const directScenario: Scenario = {
  id: 'direct',
  label: 'direct (no proxy)',
  sidecarTargets: false,
  start: (ctx) => Promise.resolve({ entry: ctx.app, proxies: [], helpers: [] }),
};
