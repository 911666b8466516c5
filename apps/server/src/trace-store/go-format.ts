/**
 * Go's text formats, where Jaeger exposes them: query parameters are parsed with
 * `time.ParseDuration` and `strconv.ParseInt`, and their error messages reach the user verbatim;
 * tag values are compared as `KeyValue.AsString()` renders them (`strconv.FormatFloat(f, 'g', 10,
 * 64)` for floats, `json.Marshal` for OTLP maps and arrays); clock-skew warnings print a
 * `time.Duration`. Durations are nanoseconds as bigint, as Go's int64 `Duration`.
 */

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Go's `strconv.Quote` for the ASCII-printable text the error messages carry. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** `strconv.ParseInt(text, 10, 64)`: decimal with an optional sign, or Go's error message. */
export function parseGoInt64(text: string): { value: bigint } | { error: string } {
  if (!/^[+-]?[0-9]+$/.test(text))
    return { error: `strconv.ParseInt: parsing ${quote(text)}: invalid syntax` };
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) {
    return { error: `strconv.ParseInt: parsing ${quote(text)}: value out of range` };
  }
  return { value };
}

/** `strconv.ParseInt(text, 10, 32)`, as Jaeger parses `limit`. */
export function parseGoInt32(text: string): { value: number } | { error: string } {
  const parsed = parseGoInt64(text);
  if ('error' in parsed) return parsed;
  if (parsed.value > 2147483647n || parsed.value < -2147483648n) {
    return { error: `strconv.ParseInt: parsing ${quote(text)}: value out of range` };
  }
  return { value: Number(parsed.value) };
}

const UNIT_NS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

export interface DurationUnits {
  /** Extra units on top of Go's, e.g. `d` and `w` for the UI's lookback values. */
  readonly extra?: ReadonlyMap<string, bigint>;
}

/**
 * Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, e.g. `1.5s`, `1h30m`, `100ms`,
 * with Go's error messages. Returns nanoseconds.
 */
export function parseGoDuration(text: string, units: DurationUnits = {}): { ns: bigint } | { error: string } {
  const invalid = { error: `time: invalid duration ${quote(text)}` };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ns: 0n };
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid;
    rest = rest.slice(number?.[0].length ?? 0);
    const unitText = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return { error: `time: missing unit in duration ${quote(text)}` };
    rest = rest.slice(unitText.length);
    const unit = UNIT_NS.get(unitText) ?? units.extra?.get(unitText);
    if (unit === undefined) {
      return { error: `time: unknown unit ${quote(unitText)} in duration ${quote(text)}` };
    }
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction !== undefined && fraction !== '') {
      // Go truncates the fractional part to whole nanoseconds.
      value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    }
    total += value;
    if (total > 1n << 63n) return invalid;
  }
  if (negative) return { ns: -total };
  if (total > INT64_MAX) return invalid;
  return { ns: total };
}

/** `fmtFrac`: the fraction of `value / 10^precision`, without trailing zeros (or the dot). */
function fraction(value: bigint, precision: number): { text: string; whole: bigint } {
  const scale = 10n ** BigInt(precision);
  const digits = (value % scale).toString().padStart(precision, '0').replace(/0+$/, '');
  return { text: digits === '' ? '' : `.${digits}`, whole: value / scale };
}

/** Go's `time.Duration.String()`: `1.5ms`, `2m3.5s`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  const negative = ns < 0n;
  const u = negative ? -ns : ns;
  let text: string;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    const [precision, unit] = u < 1_000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const { text: frac, whole } = fraction(u, precision);
    text = `${whole}${frac}${unit}`;
  } else {
    const { text: frac, whole: seconds } = fraction(u, 9);
    const minutes = seconds / 60n;
    const hours = minutes / 60n;
    text = `${seconds % 60n}${frac}s`;
    if (minutes > 0n) text = `${minutes % 60n}m${text}`;
    if (hours > 0n) text = `${hours}h${text}`;
  }
  return negative ? `-${text}` : text;
}

/** `strconv.FormatFloat(value, 'g', 10, 64)`, as `KeyValue.AsString()` renders a float tag. */
export function formatGoFloatG10(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential(9).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 10) {
    const digits = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 9 - exponent));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Go's `json.Marshal` escapes HTML-significant characters and the JS line separators. */
export function goJsonEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
