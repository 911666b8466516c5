/**
 * CPU and memory of processes over a measured window: CPU time read at its start and end;
 * memory, the largest resident set seen by a sampler that reads it every 250 ms in between.
 * The same sampler tracks other work on the machine (machine-load.ts).
 * A "subject" may be several PIDs (an nginx master and its worker): their figures are summed.
 */
import { OtherLoad } from './machine-load.ts';
import { cpuSeconds, rssKiB, waitedNs } from './proc-files.ts';

const sampleMs = 250;

export interface Subject {
  readonly label: string;
  readonly pids: readonly number[];
}

export interface Usage {
  readonly label: string;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** cpuSeconds / wallSeconds: the cores it kept busy on average. */
  readonly vcpu: number;
  /** Largest resident set seen, in MB (10^6 bytes). */
  readonly maxRssMB: number;
}

function totalCpu(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

function totalRssKiB(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (rssKiB(pid) ?? 0), 0);
}

export interface WindowUsage {
  readonly subjects: readonly Usage[];
  /** Cores used by processes outside the benchmark (other work on the machine). */
  readonly othersVcpu: number;
  /** Share of the window the load generator's event-loop thread was runnable but not running. */
  readonly generatorWaitShare: number | null;
}

/** Measures a set of subjects, and the machine, over one window: `start()` … `stop()`. */
export class UsageWindow {
  private startedAt = 0;
  private readonly startCpu = new Map<string, number>();
  private readonly others = new OtherLoad();
  private generatorWaitStart: number | null = null;
  private readonly maxRss = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  /** `generatorPid`: a process whose CPU wait to report (the load generator's main thread). */
  constructor(
    private readonly subjects: readonly Subject[],
    private readonly generatorPid?: number,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    for (const s of this.subjects) this.startCpu.set(s.label, totalCpu(s.pids));
    this.others.sample();
    this.generatorWaitStart = this.generatorPid !== undefined ? waitedNs(this.generatorPid) : null;
    this.sampleRss();
    this.timer = setInterval(() => {
      this.sampleRss();
      this.others.sample();
    }, sampleMs);
  }

  stop(): WindowUsage {
    clearInterval(this.timer);
    this.sampleRss();
    this.others.sample();
    const waitEnd = this.generatorPid !== undefined ? waitedNs(this.generatorPid) : null;
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const subjects = this.subjects.map((s): Usage => {
      const used = totalCpu(s.pids) - (this.startCpu.get(s.label) ?? 0);
      return {
        label: s.label,
        cpuSeconds: used,
        wallSeconds,
        vcpu: wallSeconds > 0 ? used / wallSeconds : 0,
        maxRssMB: ((this.maxRss.get(s.label) ?? 0) * 1024) / 1e6,
      };
    });
    const generatorWaitShare =
      waitEnd !== null && this.generatorWaitStart !== null
        ? (waitEnd - this.generatorWaitStart) / 1e9 / wallSeconds
        : null;
    return { subjects, othersVcpu: this.others.cpuSeconds() / wallSeconds, generatorWaitShare };
  }

  private sampleRss(): void {
    for (const s of this.subjects) {
      const kib = totalRssKiB(s.pids);
      this.maxRss.set(s.label, Math.max(kib, this.maxRss.get(s.label) ?? 0));
    }
  }
}
