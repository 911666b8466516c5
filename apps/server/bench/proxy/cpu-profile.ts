/**
 * Where a process's CPU went, from a V8 `.cpuprofile` (what `node --cpu-prof` writes): self time
 * per function (samples × their time deltas, attributed to the sampled node) and per code
 * origin (Node internals, each npm package, Meshlens source, GC, idle).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Busy time: everything but `(idle)`. */
  readonly busyMs: number;
  readonly functions: readonly SelfTime[];
  readonly origins: readonly SelfTime[];
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(apps|packages|node_modules)\//, '$1/');
}

function origin(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const src = /\/(apps\/[^/]+\/src\/(?:[^/]+\/){0,3}|packages\/[^/]+\/src\/[^/]+\/)/.exec(url);
  return src?.[1] ?? shortUrl(url);
}

function top(map: Map<string, number>, totalMs: number, n: number): SelfTime[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));
}

export function summariseProfile(file: string, n = 20): ProfileSummary {
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const origins = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id);
    if (!frame) continue;
    const ms = us / 1000;
    totalMs += ms;
    if (frame.functionName === '(idle)') idleMs += ms;
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const o = origin(frame.url, frame.functionName);
    origins.set(o, (origins.get(o) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  functions.delete('(idle)');
  origins.delete('(idle)');
  return { totalMs, busyMs, functions: top(functions, busyMs, n), origins: top(origins, busyMs, 12) };
}

export function profileLines(label: string, summary: ProfileSummary): string[] {
  const pct = (s: SelfTime): string => `${(s.share * 100).toFixed(1).padStart(5)}%`;
  return [
    `${label}: ${(summary.busyMs / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s profiled`,
    '  self time by origin (share of busy time):',
    ...summary.origins.map((s) => `    ${pct(s)}  ${s.name}`),
    '  top functions by self time:',
    ...summary.functions.map((s) => `    ${pct(s)}  ${s.name}`),
  ];
}
