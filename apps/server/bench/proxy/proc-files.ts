/**
 * Reading /proc: CPU time (utime + stime of /proc/<pid>/stat, every thread of the process, in
 * clock ticks), resident memory (VmRSS of /proc/<pid>/status), CPU wait (/proc/<pid>/schedstat)
 * and parent PIDs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const clockTicksPerSecond: number = Number(
  execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(),
);

/** The fields of /proc/<pid>/stat from the third (state) on; null once the process is gone. */
export function readStatFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of `pid`, in seconds; null once the process is gone. */
export function cpuSeconds(pid: number): number | null {
  const fields = readStatFields(pid);
  // Fields 14 and 15 of stat; index 0 here is field 3.
  if (!fields) return null;
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** Resident set size of `pid`, in KiB; null once the process is gone. */
export function rssKiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] !== undefined ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Direct children of `pid`, found by scanning /proc (nginx's workers). */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = readStatFields(Number(entry));
    if (fields && Number(fields[1]) === pid) found.push(Number(entry));
  }
  return found;
}

/** Nanoseconds a thread has waited for a CPU while runnable (/proc/<pid>/schedstat), or null. */
export function waitedNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}
