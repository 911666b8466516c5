/**
 * Durations as Istio reads them. Istio's CRDs take durations as strings that Kubernetes checks
 * with CEL's `duration()` and Istio decodes with Go's `time.ParseDuration`: an optional sign,
 * then one or more `<decimal><unit>` terms (`1h30m`, `1.5s`, `300ms`, `2us`), or a bare `0`.
 * Istio's admission then requires most of them to be at least 1ms and whole milliseconds,
 * since Envoy is configured in milliseconds. The value is computed exactly, in nanoseconds, as
 * a bigint: a float would blur the millisecond check on long durations.
 */
import type { Path } from '../path.ts';
import type { Report } from './report.ts';

const unitNanos: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** One `<decimal><unit>` term, matched where the previous one ended. */
const termPattern = /([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)?/y;
const maxNanos = 2n ** 63n - 1n;
export const nanosPerMilli = 1_000_000n;

export type ParsedDuration = { readonly ok: true; readonly nanos: bigint } | { readonly ok: false; readonly reason: string };

/** Parses a duration as Go's `time.ParseDuration` does. */
export function parseDuration(text: string): ParsedDuration {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanos: 0n };
  if (rest === '') return { ok: false, reason: 'invalid duration' };
  let total = 0n;
  let pos = 0;
  while (pos < rest.length) {
    termPattern.lastIndex = pos;
    const m = termPattern.exec(rest);
    const whole = m?.[1] ?? '';
    const frac = m?.[2];
    if (!m || (whole === '' && (frac === undefined || frac === ''))) return { ok: false, reason: 'invalid duration' };
    const unit = m[3];
    if (unit === undefined) {
      const next = rest.charAt(pos + m[0].length);
      return { ok: false, reason: next === '' ? 'missing unit in duration' : `unknown unit "${next}" in duration` };
    }
    const perUnit = unitNanos.get(unit) ?? 0n;
    total += BigInt(whole === '' ? '0' : whole) * perUnit;
    if (frac) total += (BigInt(frac) * perUnit) / 10n ** BigInt(frac.length);
    if (total > maxNanos) return { ok: false, reason: 'duration out of range' };
    pos += m[0].length;
  }
  return { ok: true, nanos: negative ? -total : total };
}

export interface DurationRule {
  /** `0` (and `0s`, …) turns the feature off rather than being too short (TCP idle timeout). */
  readonly allowZero?: boolean;
  /** Only whole seconds reach Envoy (CORS max age). */
  readonly seconds?: boolean;
}

/**
 * Istio's `ValidateDuration`: a well-formed duration of at least 1ms, to millisecond precision.
 * Reports on `path` and returns whether the value passed.
 */
export function checkDuration(report: Report, path: Path, value: string | undefined, rule: DurationRule = {}): boolean {
  if (value === undefined) return true;
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    report.field(path, `"${value}" is not a valid duration (${parsed.reason}); write it like "300ms", "1.5s" or "1m"`);
    return false;
  }
  if (parsed.nanos === 0n && rule.allowZero) return true;
  if (parsed.nanos < nanosPerMilli) {
    report.field(path, `must be a duration of at least 1ms (got "${value}")`);
    return false;
  }
  if (parsed.nanos % nanosPerMilli !== 0n) {
    report.field(path, `must be a whole number of milliseconds (got "${value}")`);
    return false;
  }
  if (rule.seconds && parsed.nanos % 1_000_000_000n !== 0n) {
    report.field(path, `is only accurate to whole seconds (got "${value}")`);
    return false;
  }
  return true;
}
