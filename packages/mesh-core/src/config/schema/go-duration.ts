/**
 * Go's `time.ParseDuration`, which is what Kubernetes' CEL `duration(string)` calls: an optional
 * sign, then either a bare `0` or one or more `<decimal><unit>` terms (`1h30m`, `1.5s`, `300ms`,
 * `2us`). The unit is every character up to the next digit or `.`, so `1hs` is an unknown unit,
 * not `1h` plus `s`. The result is exact nanoseconds as a bigint, bounded to a signed 64-bit
 * value as Go's `time.Duration` is. Errors carry Go's own wording.
 */

const unitNanos: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const limit = 1n << 63n;

export type GoDurationResult =
  { readonly ok: true; readonly nanos: bigint } | { readonly ok: false; readonly error: string };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function parseGoDuration(text: string): GoDurationResult {
  const quoted = JSON.stringify(text);
  const invalid: GoDurationResult = { ok: false, error: `time: invalid duration ${quoted}` };
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanos: 0n };
  if (s === '') return invalid;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const first = s.charAt(i);
    if (first !== '.' && !isDigit(first)) return invalid;
    const wholeStart = i;
    while (i < s.length && isDigit(s.charAt(i))) i++;
    const whole = s.slice(wholeStart, i);
    let fraction = '';
    let hasFraction = false;
    if (s.charAt(i) === '.') {
      i++;
      const fracStart = i;
      while (i < s.length && isDigit(s.charAt(i))) i++;
      fraction = s.slice(fracStart, i);
      hasFraction = fraction !== '';
    }
    if (whole === '' && !hasFraction) return invalid;
    const unitStart = i;
    while (i < s.length && s.charAt(i) !== '.' && !isDigit(s.charAt(i))) i++;
    const unit = s.slice(unitStart, i);
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${quoted}` };
    const perUnit = unitNanos.get(unit);
    if (perUnit === undefined)
      return { ok: false, error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    let term = BigInt(whole === '' ? '0' : whole) * perUnit;
    if (hasFraction) term += (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length);
    total += term;
    if (total > limit) return invalid;
  }
  if (negative) return { ok: true, nanos: -total };
  if (total > limit - 1n) return invalid;
  return { ok: true, nanos: total };
}
