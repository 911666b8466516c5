/**
 * A tiny PromQL evaluator for tests: runs the query plan's expressions over a list of series
 * whose per-second rates are given, as Prometheus would at one instant. It covers what the graph
 * and health queries use (selectors, rate, sum by, > n, /, or, round), so tests exercise the
 * queries' selection rules instead of hand-picking what each query returns.
 */
import type { PromExpr } from './promql.ts';
import type { PromSample } from './prom-sample.ts';

/** One series: its metric name, full Istio label set and its rate per second. */
export interface Series {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rate: number;
}

function matches(series: Series, expr: Extract<PromExpr, { kind: 'selector' }>): boolean {
  if (series.metric !== expr.metric) return false;
  return expr.matchers.every((m) => {
    const v = series.labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(v);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(v);
    }
  });
}

const keyOf = (labels: Readonly<Record<string, string>>): string =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function vector(expr: PromExpr, series: readonly Series[]): PromSample[] {
  switch (expr.kind) {
    case 'call': {
      const [first, second] = expr.args;
      if (first === undefined) throw new Error(`${expr.fn} needs arguments`);
      if (expr.fn === 'rate') {
        if (first.kind !== 'range' || first.selector.kind !== 'selector')
          throw new Error('rate needs a range selector');
        const sel = first.selector;
        return series.filter((s) => matches(s, sel)).map((s) => ({ metric: s.labels, value: s.rate }));
      }
      if (expr.fn === 'round') {
        const to = second?.kind === 'number' ? second.value : 1;
        return vector(first, series).map((s) => ({ ...s, value: Math.floor(s.value / to + 0.5) * to }));
      }
      throw new Error(`${expr.fn} is not supported by the test evaluator`);
    }
    case 'sum': {
      const groups = new Map<string, { metric: Record<string, string>; value: number }>();
      for (const s of vector(expr.expr, series)) {
        const metric: Record<string, string> = {};
        for (const l of expr.by) {
          const v = s.metric[l];
          if (v !== undefined && v !== '') metric[l] = v;
        }
        const k = keyOf(metric);
        const g = groups.get(k);
        if (g === undefined) groups.set(k, { metric, value: s.value });
        else g.value += s.value;
      }
      return [...groups.values()];
    }
    case 'binary': {
      const lhs = vector(expr.lhs, series);
      if (expr.op === '>' && expr.rhs.kind === 'number') {
        const n = expr.rhs.value;
        return lhs.filter((s) => s.value > n);
      }
      const rhs = vector(expr.rhs, series);
      const byKey = new Map(rhs.map((s) => [keyOf(s.metric), s]));
      if (expr.op === '/') {
        return lhs.flatMap((s) => {
          const r = byKey.get(keyOf(s.metric));
          return r === undefined ? [] : [{ metric: s.metric, value: s.value / r.value }];
        });
      }
      if (expr.op === 'or') {
        const left = new Set(lhs.map((s) => keyOf(s.metric)));
        return [...lhs, ...rhs.filter((s) => !left.has(keyOf(s.metric)))];
      }
      throw new Error(`operator ${expr.op} is not supported by the test evaluator`);
    }
    case 'selector':
    case 'range':
    case 'number':
      throw new Error(`a bare ${expr.kind} is not supported by the test evaluator`);
  }
}

export function evaluate(expr: PromExpr, series: readonly Series[]): PromSample[] {
  return vector(expr, series);
}

/** Runs every query of a plan; queries the evaluator cannot run get no samples. */
export function runPlan(
  plan: ReadonlyArray<{ readonly id: string; readonly expr: PromExpr }>,
  series: readonly Series[],
): Map<string, PromSample[]> {
  const results = new Map<string, PromSample[]>();
  for (const q of plan) {
    try {
      results.set(q.id, evaluate(q.expr, series));
    } catch {
      results.set(q.id, []);
    }
  }
  return results;
}
