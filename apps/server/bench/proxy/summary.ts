/**
 * Runs → one summary per scenario. Rounds alternate the scenarios, so round r of a scenario is
 * compared with round r of direct (added latency, saturation ratio) and the per-round figures
 * are reduced by their median; the worst latency is the maximum over rounds.
 */
import type { Usage } from './proc-stats.ts';
import type { RunRecord } from './run.ts';
import type { Scenario } from './scenario.ts';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface ProxySummary {
  readonly label: string;
  /** Cores busy per 1,000 rps at the fixed rate. */
  readonly vcpuPer1kRps: number;
  readonly maxRssMB: number;
  /** Cores busy at saturation (a proxy that cannot use a whole core is waiting on something). */
  readonly saturationVcpu: number | null;
}

export interface ScenarioSummary {
  readonly id: string;
  readonly label: string;
  readonly sidecarTargets: boolean;
  readonly rounds: number;
  readonly achievedRps: number;
  readonly latencyMs: Percentiles & { readonly max: number };
  /** Over direct, same round, median over rounds; null for direct itself or without direct. */
  readonly addedMs: Percentiles | null;
  readonly saturationRps: number | null;
  readonly saturationRatio: number | null;
  readonly proxies: readonly ProxySummary[];
  /** The proxy with the highest CPU, and the highest RSS of any proxy. */
  readonly worst: { readonly vcpuPer1kRps: number; readonly maxRssMB: number } | null;
  readonly health: {
    readonly scheduleLagP99Us: number;
    readonly scheduleLagMaxUs: number;
    readonly maxBacklog: number;
    readonly dropped: number;
    readonly badResponses: number;
    readonly connectionErrors: number;
    readonly generatorSaturationVcpu: number | null;
    readonly appVcpu: number;
    readonly appSaturationVcpu: number | null;
    /** Cores used outside the measured processes during the windows (max over windows and rounds). */
    readonly othersVcpu: number;
    /** Share of the fixed-rate window the generator waited for its core (max over rounds). */
    readonly generatorWaitShare: number | null;
  };
  readonly helpers: readonly Usage[];
  readonly stats: readonly Record<string, unknown>[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const usageOf = (usage: readonly Usage[], label: string): Usage | undefined =>
  usage.find((u) => u.label === label);

function latencyMs(run: RunRecord): Percentiles & { max: number } {
  const l = run.open.result.latencyUs;
  return { p50: l.p50 / 1000, p90: l.p90 / 1000, p99: l.p99 / 1000, max: l.max / 1000 };
}

function proxySummary(runs: readonly RunRecord[], label: string): ProxySummary {
  const per1k = runs.map((r) => {
    const u = usageOf(r.open.usage.subjects, label);
    return u ? u.vcpu / (r.open.result.achievedRps / 1000) : NaN;
  });
  const sat = runs.flatMap((r) =>
    r.saturation ? [usageOf(r.saturation.usage.subjects, label)?.vcpu ?? NaN] : [],
  );
  return {
    label,
    vcpuPer1kRps: median(per1k),
    maxRssMB: median(runs.map((r) => usageOf(r.open.usage.subjects, label)?.maxRssMB ?? NaN)),
    saturationVcpu: sat.length > 0 ? median(sat) : null,
  };
}

function medianOrNull(values: readonly number[]): number | null {
  return values.length > 0 ? median(values) : null;
}

export function summarise(records: readonly RunRecord[], scenarios: readonly Scenario[]): ScenarioSummary[] {
  const direct = records.filter((r) => r.scenario === 'direct');
  const directInRound = (round: number): RunRecord | undefined => direct.find((d) => d.round === round);
  return scenarios.flatMap((scenario): ScenarioSummary[] => {
    const runs = records.filter((r) => r.scenario === scenario.id);
    const first = runs[0];
    if (!first) return [];
    const lat = runs.map(latencyMs);
    const added = runs.flatMap((r) => {
      const d = directInRound(r.round);
      if (!d || scenario.id === 'direct') return [];
      const [a, b] = [latencyMs(r), latencyMs(d)];
      return [{ p50: a.p50 - b.p50, p90: a.p90 - b.p90, p99: a.p99 - b.p99 }];
    });
    const satRps = runs.flatMap((r) => (r.saturation ? [r.saturation.result.achievedRps] : []));
    const satRatio = runs.flatMap((r) => {
      const d = directInRound(r.round)?.saturation;
      return r.saturation && d ? [r.saturation.result.achievedRps / d.result.achievedRps] : [];
    });
    const proxies = first.proxyLabels.map((label) => proxySummary(runs, label));
    const sum = (pick: (r: RunRecord) => number): number => runs.reduce((n, r) => n + pick(r), 0);
    const known = new Set([...first.proxyLabels, 'app', 'load generator']);
    return [
      {
        id: scenario.id,
        label: scenario.label,
        sidecarTargets: scenario.sidecarTargets,
        rounds: runs.length,
        achievedRps: median(runs.map((r) => r.open.result.achievedRps)),
        latencyMs: {
          p50: median(lat.map((l) => l.p50)),
          p90: median(lat.map((l) => l.p90)),
          p99: median(lat.map((l) => l.p99)),
          max: Math.max(...lat.map((l) => l.max)),
        },
        addedMs:
          added.length > 0
            ? {
                p50: median(added.map((a) => a.p50)),
                p90: median(added.map((a) => a.p90)),
                p99: median(added.map((a) => a.p99)),
              }
            : null,
        saturationRps: medianOrNull(satRps),
        saturationRatio: medianOrNull(satRatio),
        proxies,
        worst:
          proxies.length > 0
            ? {
                vcpuPer1kRps: Math.max(...proxies.map((p) => p.vcpuPer1kRps)),
                maxRssMB: Math.max(...proxies.map((p) => p.maxRssMB)),
              }
            : null,
        health: {
          scheduleLagP99Us: Math.max(...runs.map((r) => r.open.result.scheduleLagUs.p99)),
          scheduleLagMaxUs: Math.max(...runs.map((r) => r.open.result.scheduleLagUs.max)),
          maxBacklog: Math.max(...runs.map((r) => r.open.result.maxBacklog)),
          dropped: sum((r) => r.open.result.dropped),
          badResponses: sum((r) => r.open.result.badResponses + (r.saturation?.result.badResponses ?? 0)),
          connectionErrors: sum(
            (r) => r.open.result.connectionErrors + (r.saturation?.result.connectionErrors ?? 0),
          ),
          generatorSaturationVcpu: medianOrNull(
            runs.flatMap((r) =>
              r.saturation ? [usageOf(r.saturation.usage.subjects, 'load generator')?.vcpu ?? NaN] : [],
            ),
          ),
          appVcpu: median(runs.map((r) => usageOf(r.open.usage.subjects, 'app')?.vcpu ?? NaN)),
          othersVcpu: Math.max(
            ...runs.map((r) => Math.max(r.open.usage.othersVcpu, r.saturation?.usage.othersVcpu ?? 0)),
          ),
          generatorWaitShare:
            first.open.usage.generatorWaitShare === null
              ? null
              : Math.max(...runs.map((r) => r.open.usage.generatorWaitShare ?? 0)),
          appSaturationVcpu: medianOrNull(
            runs.flatMap((r) =>
              r.saturation ? [usageOf(r.saturation.usage.subjects, 'app')?.vcpu ?? NaN] : [],
            ),
          ),
        },
        helpers: first.open.usage.subjects.filter((u) => !known.has(u.label)),
        stats: runs.map((r) => r.stats),
      },
    ];
  });
}
