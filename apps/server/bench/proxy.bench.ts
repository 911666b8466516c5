/**
 * `npm run bench:proxy`: what the Meshlens sidecar hop costs, measured as Istio measures its
 * data plane. 1 KiB responses over HTTP/1.1 keep-alive, 16 connections, an open-loop fixed rate
 * of 1,000 rps for 30 s after a 5 s warm-up (latency from the intended send time), then a
 * closed-loop saturation run; the load generator pinned to core 0, the app and proxies to core 1.
 * Scenarios alternate within each round: direct, client + server sidecar (tracing at Istio's
 * default 1%, then at 100%), and nginx as a two-hop chain. Prints figures; asserts nothing.
 * See `--help` and apps/server/bench/proxy/.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { join, resolve } from 'node:path';
import { profileLines, summariseProfile } from './proxy/cpu-profile.ts';
import { nginxScenario, nginxVersion } from './proxy/nginx.ts';
import { parseOptions, usage } from './proxy/options.ts';
import type { BenchOptions, ScenarioId } from './proxy/options.ts';
import { clockTicksPerSecond } from './proxy/proc-files.ts';
import { checkResilienceCost, checkTargets, detailLines, resultsTable, targetLines } from './proxy/report.ts';
import { runRounds } from './proxy/rounds.ts';
import { Session } from './proxy/run.ts';
import type { RunSettings } from './proxy/run.ts';
import { directScenario } from './proxy/scenario.ts';
import type { Scenario } from './proxy/scenario.ts';
import { resilienceManifests, sidecarBundleReady, sidecarScenario } from './proxy/sidecars.ts';
import { summarise } from './proxy/summary.ts';

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

function scenarioFor(id: ScenarioId, options: BenchOptions, bundle: string | null): Scenario | string {
  const profile = options.cpuProfileDir !== undefined ? { cpuProfileDir: options.cpuProfileDir } : {};
  switch (id) {
    case 'direct':
      return directScenario;
    case 'sidecars':
    case 'sidecars-resilience':
    case 'sidecars-trace-all': {
      if (bundle === null) return 'the sidecar bundle is not available (see above)';
      const all = id === 'sidecars-trace-all';
      const resilience = id === 'sidecars-resilience';
      return sidecarScenario({
        bundle,
        id,
        label: `sidecars, tracing ${all ? 100 : 1}%${resilience ? ', retries+timeouts+outlier' : ''}`,
        samplingPercent: all ? 100 : 1,
        ...(resilience ? { extraManifests: resilienceManifests } : {}),
        ...profile,
      });
    }
    case 'nginx':
      return nginxVersion() === null
        ? 'nginx is not installed; `bash scripts/setup.sh --bench` installs it'
        : nginxScenario;
  }
}

/** The scenarios that can run here; says why any cannot. */
async function availableScenarios(options: BenchOptions): Promise<Scenario[]> {
  let bundle: string | null = null;
  if (options.scenarios.some((s) => s.startsWith('sidecars'))) {
    const ready = await sidecarBundleReady((line) => {
      say(`sidecar bundle: ${line}`);
    });
    if ('bundle' in ready) bundle = ready.bundle;
    else say(`sidecar bundle: ${ready.error}`);
  }
  return options.scenarios.flatMap((id) => {
    const scenario = scenarioFor(id, options, bundle);
    if (typeof scenario !== 'string') return [scenario];
    say(`SKIPPED ${id}: ${scenario}`);
    return [];
  });
}

function printProfiles(dir: string): void {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.cpuprofile'),
  );
  say();
  say(`CPU profiles (${dir}; threads that were busy less than 0.5 s left out):`);
  if (files.length === 0)
    say('  none written: a process writes its profile only when it exits normally on SIGTERM.');
  for (const file of files.sort()) {
    const summary = summariseProfile(join(dir, file));
    if (summary.busyMs >= 500) for (const line of profileLines(file, summary)) say(line);
  }
}

async function main(): Promise<void> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n(see --help)\n`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    say(usage);
    return;
  }
  const cores = cpus();
  const nginx = nginxVersion();
  const twoCores = cores.length >= 2;
  const settings: RunSettings = {
    rate: options.rate,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    saturationSeconds: options.saturationSeconds,
    loadCpu: 0,
    serverCpu: twoCores ? 1 : 0,
  };
  say('Meshlens proxy benchmark');
  say(
    `machine: ${cores.length} cores (${cores[0]?.model ?? 'unknown'}), Linux ${release()}, CLK_TCK ${clockTicksPerSecond}`,
  );
  say(`node ${process.version}; ${nginx ?? 'nginx not installed'}; load average ${loadavg()[0]?.toFixed(2)}`);
  say(
    `load: ${options.rate} rps open-loop, ${options.connections} keep-alive connections, 1 KiB responses; ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured, then ` +
      `${options.saturationSeconds} s closed-loop saturation; ${options.rounds} rounds`,
  );
  say(
    twoCores
      ? 'pinning: load generator on core 0; app, proxies and trace sink on core 1 (taskset)'
      : 'pinning: only one core, everything shares it: figures are not comparable with the spec',
  );
  if (options.durationSeconds < 30)
    say(`note: ${options.durationSeconds} s windows are shorter than the spec's 30 s`);
  if (options.cpuProfileDir !== undefined) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    say('note: sidecars run under --cpu-prof, which slows them: use this run for the profile only');
  }
  const scenarios = await availableScenarios(options);
  if (scenarios.some((s) => s.sidecarTargets))
    say(
      'sidecars run from the bundle apps/server/dist/sidecar.mjs with plain node, as the platform runs them',
    );
  const perRun = options.warmupSeconds + options.durationSeconds + options.saturationSeconds + 8;
  say(`about ${Math.ceil((perRun * scenarios.length * options.rounds) / 60)} min`);
  say();

  const session = new Session();
  const interrupted = (signal: NodeJS.Signals): void => {
    say(`\n${signal}: stopping every process started…`);
    void session.releaseAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const { records, failed } = await runRounds({
    session,
    scenarios,
    settings,
    rounds: options.rounds,
    quietWaitSeconds: options.quietWaitSeconds,
    retries: options.retries,
    say,
  });

  const summaries = summarise(records, scenarios);
  say();
  say(resultsTable(summaries));
  say('Latency in ms from the intended send time; +pXX: over direct in the same round, median over rounds;');
  say('sat: closed-loop throughput; vCPU and MB RSS: the busiest proxy (all its processes summed).');
  say();
  for (const s of summaries) for (const line of detailLines(s)) say(line);
  const checks = [
    ...summaries.filter((s) => s.sidecarTargets).flatMap(checkTargets),
    ...checkResilienceCost(summaries),
  ];
  say();
  say('Targets for the two-sidecar hop at 1,000 rps:');
  if (checks.length === 0) say('  none checked: no sidecar scenario ran.');
  for (const line of targetLines(checks)) say(line);
  for (const [id, message] of failed) say(`FAILED ${id}: ${message.split('\n')[0] ?? ''}`);
  if (options.cpuProfileDir !== undefined) printProfiles(options.cpuProfileDir);
  if (options.json !== undefined) {
    const file = resolve(options.json);
    const facts = {
      cores: cores.length,
      cpu: cores[0]?.model,
      node: process.version,
      nginx,
      kernel: release(),
    };
    writeFileSync(
      file,
      JSON.stringify(
        { facts, options, summaries, checks, failed: Object.fromEntries(failed), records },
        null,
        2,
      ),
    );
    say(`\nwrote ${file}`);
  }
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
  await session.releaseAll();
}

await main();
