/**
 * The alternated rounds: each round runs every scenario once, in order, so slow drifts of the
 * machine hit every scenario alike. Before each run it waits (bounded) for other work on the
 * machine to stop; a run that other work disturbed anyway (cores busy outside the measured
 * processes) is run again, up to `retries` times, and otherwise kept with its figure shown.
 * A scenario that fails is reported and left out of later rounds.
 */
import { waitForQuiet } from './machine-load.ts';
import { runScenario } from './run.ts';
import type { RunRecord, RunSettings, Session } from './run.ts';
import type { Scenario } from './scenario.ts';

/** Machine load from other work above which a run waits (up to quietWaitSeconds) to start. */
const quietThresholdVcpu = 0.15;
/** Cores used outside the measured processes above which a run counts as disturbed. */
export const disturbedVcpu = 0.2;

export interface RoundsOptions {
  readonly session: Session;
  readonly scenarios: readonly Scenario[];
  readonly settings: RunSettings;
  readonly rounds: number;
  readonly quietWaitSeconds: number;
  readonly retries: number;
  readonly say: (line: string) => void;
}

function othersVcpu(record: RunRecord): number {
  return Math.max(record.open.usage.othersVcpu, record.saturation?.usage.othersVcpu ?? 0);
}

function progressLine(record: RunRecord, label: string, seconds: number): string {
  const r = record.open.result;
  const sat = record.saturation ? `, saturation ${record.saturation.result.achievedRps.toFixed(0)} rps` : '';
  return (
    `round ${record.round} ${label}: ${r.achievedRps.toFixed(0)} rps, p50 ${(r.latencyUs.p50 / 1000).toFixed(3)} ms, ` +
    `p99 ${(r.latencyUs.p99 / 1000).toFixed(3)} ms${sat}; other load ${othersVcpu(record).toFixed(2)} vCPU ` +
    `(${seconds.toFixed(0)} s)`
  );
}

export async function runRounds(
  options: RoundsOptions,
): Promise<{ records: RunRecord[]; failed: Map<string, string> }> {
  const { say } = options;
  const records: RunRecord[] = [];
  const failed = new Map<string, string>();
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of options.scenarios) {
      if (failed.has(scenario.id)) continue;
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        if (options.quietWaitSeconds > 0) {
          const load = await waitForQuiet(options.quietWaitSeconds, quietThresholdVcpu);
          if (load >= quietThresholdVcpu)
            say(`  other work keeps ${load.toFixed(2)} vCPU busy; starting anyway`);
        }
        const started = Date.now();
        let record: RunRecord;
        try {
          record = await runScenario({
            session: options.session,
            scenario,
            round,
            settings: options.settings,
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failed.set(scenario.id, message);
          say(`round ${round} ${scenario.label}: FAILED, left out of later rounds:\n${message}`);
          break;
        }
        say(progressLine(record, scenario.label, (Date.now() - started) / 1000));
        const disturbed = othersVcpu(record) > disturbedVcpu;
        if (!disturbed || attempt === options.retries) {
          records.push(record);
          break;
        }
        say(`  disturbed by other work on the machine: running it again`);
      }
    }
  }
  return { records, failed };
}
