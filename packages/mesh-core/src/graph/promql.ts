/**
 * PromQL as data: the queries Meshlens sends to Prometheus are built as small expression trees
 * and rendered to text in one place, so label values are always escaped and no query is glued
 * together from strings. Only the constructs Kiali's graph and health queries use are modelled.
 */

export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  /** The value as Prometheus sees it after unescaping (a regex for `=~`/`!~`). */
  readonly value: string;
}

export type PromExpr =
  | { readonly kind: 'selector'; readonly metric: string; readonly matchers: readonly LabelMatcher[] }
  | { readonly kind: 'range'; readonly selector: PromExpr; readonly seconds: number }
  | { readonly kind: 'call'; readonly fn: PromFunction; readonly args: readonly PromExpr[] }
  | { readonly kind: 'sum'; readonly by: readonly string[]; readonly expr: PromExpr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly lhs: PromExpr; readonly rhs: PromExpr }
  | { readonly kind: 'number'; readonly value: number; readonly fractionDigits?: number };

export const PROM_FUNCTIONS = ['rate', 'irate', 'round', 'histogram_quantile'] as const;
export type PromFunction = (typeof PROM_FUNCTIONS)[number];

export const BINARY_OPS = ['>', '/', '*', 'or'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export const eq = (name: string, value: string): LabelMatcher => ({ name, op: '=', value });
export const ne = (name: string, value: string): LabelMatcher => ({ name, op: '!=', value });
export const re = (name: string, value: string): LabelMatcher => ({ name, op: '=~', value });

export const selector = (metric: string, matchers: readonly LabelMatcher[]): PromExpr => ({
  kind: 'selector',
  metric,
  matchers,
});
export const num = (value: number, fractionDigits?: number): PromExpr =>
  fractionDigits === undefined ? { kind: 'number', value } : { kind: 'number', value, fractionDigits };
/** `rate(metric{matchers}[seconds s])`. */
export const rate = (metric: string, matchers: readonly LabelMatcher[], seconds: number): PromExpr => ({
  kind: 'call',
  fn: 'rate',
  args: [{ kind: 'range', selector: selector(metric, matchers), seconds }],
});
export const sumBy = (by: readonly string[], expr: PromExpr): PromExpr => ({ kind: 'sum', by, expr });
export const binary = (op: BinaryOp, lhs: PromExpr, rhs: PromExpr): PromExpr => ({
  kind: 'binary',
  op,
  lhs,
  rhs,
});
/** `expr > 0`: drops series whose value is zero (Kiali's filter for idle traffic). */
export const positive = (expr: PromExpr): PromExpr => binary('>', expr, num(0));
export const call = (fn: PromFunction, ...args: PromExpr[]): PromExpr => ({ kind: 'call', fn, args });

/** Escapes a label value for a double-quoted PromQL string. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      default:
        out += ch;
    }
  }
  return `${out}"`;
}

/** Escapes regex metacharacters so `value` matches literally inside an RE2 regex. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

function renderNumber(value: number, fractionDigits: number | undefined): string {
  if (!Number.isFinite(value)) throw new Error(`PromQL number must be finite, got ${value}`);
  return fractionDigits === undefined ? String(value) : value.toFixed(fractionDigits);
}

function renderOperand(expr: PromExpr): string {
  const text = renderPromQL(expr);
  return expr.kind === 'binary' ? `(${text})` : text;
}

/** Renders an expression as PromQL text. Throws on an invalid metric or label name (a bug, not input). */
export function renderPromQL(expr: PromExpr): string {
  switch (expr.kind) {
    case 'selector': {
      if (!METRIC_NAME.test(expr.metric)) throw new Error(`invalid metric name '${expr.metric}'`);
      const matchers = expr.matchers.map((m) => {
        if (!LABEL_NAME.test(m.name)) throw new Error(`invalid label name '${m.name}'`);
        return `${m.name}${m.op}${quote(m.value)}`;
      });
      return `${expr.metric}{${matchers.join(',')}}`;
    }
    case 'range':
      if (!Number.isInteger(expr.seconds) || expr.seconds <= 0) {
        throw new Error(`range must be a positive whole number of seconds, got ${expr.seconds}`);
      }
      return `${renderPromQL(expr.selector)}[${expr.seconds}s]`;
    case 'call':
      return `${expr.fn}(${expr.args.map((a) => renderPromQL(a)).join(',')})`;
    case 'sum':
      for (const l of expr.by) if (!LABEL_NAME.test(l)) throw new Error(`invalid label name '${l}'`);
      return `sum(${renderPromQL(expr.expr)}) by (${expr.by.join(',')})`;
    case 'binary':
      return `${renderOperand(expr.lhs)} ${expr.op} ${renderOperand(expr.rhs)}`;
    case 'number':
      return renderNumber(expr.value, expr.fractionDigits);
  }
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/**
 * Parses a Prometheus duration (`10m`, `1h30m`, `90s`) into seconds, as Prometheus'
 * `model.ParseDuration` does (units largest first, each at most once). Undefined when invalid.
 */
export function parsePromDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (m === null || text === '') return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let seconds = 0;
  units.forEach((unit, i) => {
    const part = m[i + 1];
    if (part !== undefined) seconds += Number(part) * (DURATION_UNITS[unit] ?? 0);
  });
  return seconds;
}
