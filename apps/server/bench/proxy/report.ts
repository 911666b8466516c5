/** The printed report: machine facts, the table, per-process detail, and PASS/FAIL per target. */
import { disturbedVcpu } from './rounds.ts';
import type { ScenarioSummary } from './summary.ts';

/** The targets for the two-sidecar hop at 1,000 rps. */
export const sidecarTargets = {
  addedP50Ms: 2,
  addedP99Ms: 6,
  vcpuPer1kRps: 0.25,
  rssMB: 80,
  saturationRatio: 0.3,
} as const;

export interface TargetCheck {
  readonly scenario: string;
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
}

const fixed = (n: number | null | undefined, digits: number): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);
const signed = (n: number | null | undefined, digits: number): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
const percent1 = (n: number): string => `${(n * 100).toFixed(1)}%`;
const percent = (n: number | null | undefined): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : `${(n * 100).toFixed(0)}%`;

/** Left-aligns the first column, right-aligns the others. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function resultsTable(summaries: readonly ScenarioSummary[]): string {
  const header = [
    'scenario',
    'rps',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    '+p50 ms',
    '+p90 ms',
    '+p99 ms',
    'sat rps',
    'sat/direct',
    'vCPU/proxy/1k rps',
    'MB RSS/proxy',
  ];
  const rows = summaries.map((s) => [
    s.label,
    fixed(s.achievedRps, 0),
    fixed(s.latencyMs.p50, 3),
    fixed(s.latencyMs.p90, 3),
    fixed(s.latencyMs.p99, 3),
    fixed(s.latencyMs.max, 2),
    signed(s.addedMs?.p50, 3),
    signed(s.addedMs?.p90, 3),
    signed(s.addedMs?.p99, 3),
    fixed(s.saturationRps, 0),
    percent(s.saturationRatio),
    fixed(s.worst?.vcpuPer1kRps, 3),
    fixed(s.worst?.maxRssMB, 1),
  ]);
  return formatTable(header, rows);
}

export function detailLines(s: ScenarioSummary): string[] {
  const h = s.health;
  const lines = [`${s.label} (${s.rounds} round${s.rounds === 1 ? '' : 's'}):`];
  for (const p of s.proxies)
    lines.push(
      `  ${p.label}: ${fixed(p.vcpuPer1kRps, 3)} vCPU per 1,000 rps, ${fixed(p.maxRssMB, 1)} MB RSS max` +
        (p.saturationVcpu !== null ? `, ${fixed(p.saturationVcpu, 2)} vCPU at saturation` : ''),
    );
  for (const u of s.helpers)
    lines.push(`  ${u.label}: ${fixed(u.vcpu, 3)} vCPU, ${fixed(u.maxRssMB, 1)} MB RSS (round 1)`);
  lines.push(
    `  app: ${fixed(h.appVcpu, 3)} vCPU at the fixed rate` +
      (h.appSaturationVcpu !== null ? `, ${fixed(h.appSaturationVcpu, 2)} at saturation` : ''),
  );
  lines.push(
    `  load generator: schedule lag p99 ${h.scheduleLagP99Us} µs, max ${h.scheduleLagMaxUs} µs; ` +
      `backlog max ${h.maxBacklog}; dropped ${h.dropped}; bad responses ${h.badResponses}; ` +
      `connection errors ${h.connectionErrors}` +
      (h.generatorSaturationVcpu !== null
        ? `; ${fixed(h.generatorSaturationVcpu, 2)} vCPU at saturation`
        : ''),
  );
  lines.push(
    `  other work on the machine: up to ${fixed(h.othersVcpu, 2)} vCPU` +
      (h.othersVcpu > disturbedVcpu ? ' — figures disturbed by other load' : '') +
      (h.generatorWaitShare !== null
        ? `; the load generator waited for its core ${percent1(h.generatorWaitShare)} of the time`
        : ''),
  );
  for (const [i, stats] of s.stats.entries())
    if (Object.keys(stats).length > 0) lines.push(`  round ${i + 1}: ${JSON.stringify(stats)}`);
  return lines;
}

export function checkTargets(s: ScenarioSummary): TargetCheck[] {
  const t = sidecarTargets;
  const check = (target: string, value: string, pass: boolean): TargetCheck => ({
    scenario: s.label,
    target,
    value,
    pass,
  });
  const h = s.health;
  const clean = h.dropped === 0 && h.badResponses === 0 && h.connectionErrors === 0;
  const le = (v: number | null | undefined, limit: number): boolean =>
    v !== null && v !== undefined && !Number.isNaN(v) && v <= limit;
  return [
    check('every request answered 200 with 1 KiB', clean ? 'yes' : 'no', clean),
    check(
      `added p50 <= ${t.addedP50Ms} ms`,
      `${signed(s.addedMs?.p50, 3)} ms`,
      le(s.addedMs?.p50, t.addedP50Ms),
    ),
    check(
      `added p99 <= ${t.addedP99Ms} ms`,
      `${signed(s.addedMs?.p99, 3)} ms`,
      le(s.addedMs?.p99, t.addedP99Ms),
    ),
    check(
      `<= ${t.vcpuPer1kRps} vCPU per sidecar per 1,000 rps`,
      s.proxies.map((p) => `${p.label} ${fixed(p.vcpuPer1kRps, 3)}`).join(', '),
      le(s.worst?.vcpuPer1kRps, t.vcpuPer1kRps),
    ),
    check(
      `<= ${t.rssMB} MB RSS per sidecar at 1,000 rps`,
      s.proxies.map((p) => `${p.label} ${fixed(p.maxRssMB, 1)} MB`).join(', '),
      le(s.worst?.maxRssMB, t.rssMB),
    ),
    check(
      `saturation >= ${t.saturationRatio * 100}% of direct`,
      percent(s.saturationRatio),
      s.saturationRatio !== null && s.saturationRatio >= t.saturationRatio,
    ),
  ];
}

/** The resilience run's added latency may exceed the plain two-sidecar hop's by this share. */
export const resilienceOverheadLimit = 0.1;

/**
 * Retries, timeouts and outlier detection configured but not triggered: their added latency over
 * direct, against the plain two-sidecar hop's, at p50 and p99.
 */
export function checkResilienceCost(summaries: readonly ScenarioSummary[]): TargetCheck[] {
  const plain = summaries.find((s) => s.id === 'sidecars');
  const resilient = summaries.find((s) => s.id === 'sidecars-resilience');
  if (!plain?.addedMs || !resilient?.addedMs) return [];
  const limit = resilienceOverheadLimit;
  return (['p50', 'p99'] as const).map((q) => {
    const base = plain.addedMs?.[q] ?? Number.NaN;
    const value = resilient.addedMs?.[q] ?? Number.NaN;
    const ratio = value / base - 1;
    return {
      scenario: resilient.label,
      target: `added ${q} within ${limit * 100}% of the plain hop's`,
      value: `${signed(value, 3)} ms against ${signed(base, 3)} ms (${signed(ratio * 100, 1)}%)`,
      pass: Number.isFinite(ratio) && ratio <= limit,
    };
  });
}

export function targetLines(checks: readonly TargetCheck[]): string[] {
  return checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.scenario}: ${c.target} — ${c.value}`);
}
