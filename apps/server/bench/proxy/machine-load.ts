/**
 * CPU used on the machine by processes outside the benchmark, to tell a clean run from one other
 * work disturbed. Per-CPU figures of /proc/stat come from tick sampling and miss most of a
 * bursty, lightly loaded core (a proxy at 1,000 rps), so instead every process's own counter
 * (/proc/<pid>/stat, exact) is read on each sample: a process already there at the first sample
 * counts from its value then, one that appears later counts whole, and one that ends between
 * samples loses at most one sample interval. The benchmark's own process tree and kernel threads
 * are left out.
 */
import { readdirSync } from 'node:fs';
import { clockTicksPerSecond, readStatFields } from './proc-files.ts';

const kthreadd = 2;

interface ProcEntry {
  readonly ppid: number;
  readonly cpuSeconds: number;
}

function scan(): Map<number, ProcEntry> {
  const entries = new Map<number, ProcEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = readStatFields(Number(name));
    if (!fields) continue;
    entries.set(Number(name), {
      ppid: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond,
    });
  }
  return entries;
}

/** Whether `pid` descends from one of `roots` (or is one), following parent PIDs. */
function descendsFrom(pid: number, roots: ReadonlySet<number>, entries: Map<number, ProcEntry>): boolean {
  for (let p = pid, depth = 0; p > 1 && depth < 64; depth++) {
    if (roots.has(p)) return true;
    const parent = entries.get(p)?.ppid;
    if (parent === undefined) return false;
    p = parent;
  }
  return false;
}

export class OtherLoad {
  private readonly base = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private samples = 0;
  private readonly excluded = new Set([process.pid, kthreadd]);

  sample(): void {
    const entries = scan();
    for (const [pid, entry] of entries) {
      if (descendsFrom(pid, this.excluded, entries)) continue;
      if (!this.base.has(pid)) this.base.set(pid, this.samples === 0 ? entry.cpuSeconds : 0);
      this.last.set(pid, entry.cpuSeconds);
    }
    this.samples++;
  }

  /** CPU seconds used by other processes between the first sample and the last. */
  cpuSeconds(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.base.get(pid) ?? last);
    return total;
  }
}

/**
 * Waits, up to `maxSeconds`, for a 2 s stretch in which other processes use less than
 * `thresholdVcpu`. Returns the load of the last stretch, in cores.
 */
export async function waitForQuiet(maxSeconds: number, thresholdVcpu: number): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  for (;;) {
    const load = new OtherLoad();
    load.sample();
    const start = performance.now();
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      load.sample();
    }
    const vcpu = load.cpuSeconds() / ((performance.now() - start) / 1000);
    if (vcpu < thresholdVcpu || performance.now() >= deadline) return vcpu;
  }
}
