/**
 * How the trace view writes times: absolute times in the browser's local time with milliseconds,
 * and the timeline's ticks (Jaeger UI's: evenly spaced over the trace, labelled by offset).
 */
import type { Microseconds } from '@meshlens/mesh-core/api/traces';
import { formatDurationUs } from '@meshlens/mesh-core/traces';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-11-30 23:34:59.123` in local time. */
export function formatTimestampUs(us: Microseconds): string {
  const d = new Date(Math.floor(us / 1000));
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

export interface Tick {
  /** 0 to 1 along the trace. */
  readonly fraction: number;
  readonly label: string;
}

/** Jaeger UI's timeline ticks: `count` intervals, labelled by offset from the trace's start. */
export function timelineTicks(durationUs: Microseconds, count = 4): Tick[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    fraction: i / count,
    label: formatDurationUs((durationUs * i) / count),
  }));
}

/** A fraction as a CSS percentage, clamped to the track. */
export function percent(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return `${(clamped * 100).toFixed(3)}%`;
}
