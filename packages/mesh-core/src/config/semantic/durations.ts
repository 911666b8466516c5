/**
 * Durations as Istio's admission checks them. Istio's CRDs take durations as strings that
 * Kubernetes checks with CEL's `duration()` and Istio decodes with Go's `time.ParseDuration`
 * (`1h30m`, `1.5s`, `300ms`; the schema validator's parser, shared here). Istio then requires
 * most of them to be at least 1ms and whole milliseconds, since Envoy is configured in
 * milliseconds. Values are exact nanoseconds (bigint): a float would blur the millisecond check
 * on long durations.
 */
import type { Path } from '../path.ts';
import { parseGoDuration } from '../schema/go-duration.ts';
import type { Report } from './report.ts';

export const nanosPerMilli = 1_000_000n;

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
export function checkDuration(
  report: Report,
  path: Path,
  value: string | undefined,
  rule: DurationRule = {},
): boolean {
  if (value === undefined) return true;
  const parsed = parseGoDuration(value);
  if (!parsed.ok) {
    report.field(path, `is not a valid duration (${parsed.error}); write it like "300ms", "1.5s" or "1m"`);
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
