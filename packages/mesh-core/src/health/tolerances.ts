/**
 * Kiali's request-health tolerances (`health_config.rate` in Kiali's config) and the per-object
 * override annotation `health.kiali.io/rate`.
 *
 * A rate applies to objects whose namespace, kind (`app`, `service`, `workload`) and name match
 * its regexes; the first matching rate wins and Kiali's default rate is always last. Each
 * tolerance names a response-code regex (`X`/`x` stands for a digit), a protocol regex, a
 * direction regex (`inbound`/`outbound`) and the error percentages at which the object becomes
 * Degraded and Failure. Regexes are RE2 (Kiali is Go) and are anchored unless already anchored
 * (kiali business/health_rate_matcher.go); an invalid one is replaced by `.*` and reported.
 *
 * The annotation value is `code,degraded,failure,protocol,direction`, several separated by `;`
 * (e.g. `4XX,30,40,http,inbound;5XX,5,10,http,.*`). When it yields at least one valid tolerance
 * it replaces the configured ones for that object.
 */
import type { RE2JS } from 're2js';
import { compileRe2 } from '../config/semantic/index.ts';

export const HEALTH_RATE_ANNOTATION = 'health.kiali.io/rate';

export const HEALTH_KINDS = ['app', 'service', 'workload'] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];

export const TRAFFIC_DIRECTIONS = ['inbound', 'outbound'] as const;
export type TrafficDirection = (typeof TRAFFIC_DIRECTIONS)[number];

/** One tolerance, with Kiali's field names. Percentages; 0 means "not set". */
export interface Tolerance {
  readonly code: string;
  readonly degraded: number;
  readonly failure: number;
  readonly protocol: string;
  readonly direction: string;
}

/** One entry of `health_config.rate`. Absent regexes match everything. */
export interface HealthRate {
  readonly namespace?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly tolerance: readonly Tolerance[];
}

/**
 * Kiali's default rate (config.go `AddHealthDefault`): 5xx, no response (`-`) and gRPC errors
 * 1–16 are Degraded above 0% and Failure at 10%; 4xx is Degraded at 10% and Failure at 20%.
 */
export const DEFAULT_HEALTH_RATE: HealthRate = {
  tolerance: [
    { code: '5XX', protocol: 'http', direction: '.*', degraded: 0, failure: 10 },
    { code: '4XX', protocol: 'http', direction: '.*', degraded: 10, failure: 20 },
    { code: '^[1-9]$|^1[0-6]$', protocol: 'grpc', direction: '.*', degraded: 0, failure: 10 },
    { code: '^-$', protocol: 'http|grpc', direction: '.*', degraded: 0, failure: 10 },
  ],
};

/** A regex as Go's `MatchString` runs it: true when it matches anywhere in the input. */
export interface Matcher {
  readonly pattern: string;
  test(input: string): boolean;
}

export interface CompiledTolerance {
  readonly tolerance: Tolerance;
  readonly code: Matcher;
  readonly protocol: Matcher;
  readonly direction: Matcher;
}

/** A problem in health configuration: reported, never thrown (the defaults then apply). */
export interface HealthConfigProblem {
  readonly source: string;
  readonly message: string;
}

const MATCH_ALL = '^.*$';

function anchor(pattern: string): string {
  let p = pattern === '' ? '.*' : pattern;
  if (!p.startsWith('^')) p = `^${p}`;
  if (!p.endsWith('$')) p = `${p}$`;
  return p;
}

function compileMatcher(pattern: string, source: string, problems: HealthConfigProblem[]): Matcher {
  const anchored = anchor(pattern);
  const compiled = compileRe2(anchored);
  let re: RE2JS;
  if (compiled.ok) {
    re = compiled.re;
  } else {
    problems.push({ source, message: `invalid regex '${anchored}': ${compiled.error}; using '.*'` });
    const fallback = compileRe2(MATCH_ALL);
    if (!fallback.ok) throw new Error('unreachable: .* is a valid regex');
    re = fallback.re;
  }
  // Code patterns are tested against a handful of distinct codes many times: remember answers.
  const memo = new Map<string, boolean>();
  return {
    pattern: anchored,
    test(input: string): boolean {
      let hit = memo.get(input);
      if (hit === undefined) {
        hit = re.test(input);
        memo.set(input, hit);
      }
      return hit;
    },
  };
}

function compileTolerance(t: Tolerance, source: string, problems: HealthConfigProblem[]): CompiledTolerance {
  const code = t.code.replaceAll('X', '\\d').replaceAll('x', '\\d');
  return {
    tolerance: t,
    code: compileMatcher(code, `${source} code`, problems),
    protocol: compileMatcher(t.protocol, `${source} protocol`, problems),
    direction: compileMatcher(t.direction, `${source} direction`, problems),
  };
}

export interface ParsedHealthAnnotation {
  readonly tolerances: readonly Tolerance[];
  readonly problems: readonly HealthConfigProblem[];
}

function parsePercent(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Parses a `health.kiali.io/rate` value; invalid parts are skipped and reported. */
export function parseHealthAnnotation(value: string): ParsedHealthAnnotation {
  const tolerances: Tolerance[] = [];
  const problems: HealthConfigProblem[] = [];
  const source = HEALTH_RATE_ANNOTATION;
  for (const raw of value.split(';')) {
    const part = raw.trim();
    if (part === '') continue;
    const fields = part.split(',');
    const [code, degradedText, failureText, protocol, direction] = fields;
    if (fields.length !== 5 || code === undefined || protocol === undefined || direction === undefined) {
      problems.push({
        source,
        message: `'${part}': expected 5 comma-separated fields (code,degraded,failure,protocol,direction)`,
      });
      continue;
    }
    const degraded = parsePercent(degradedText ?? '');
    const failure = parsePercent(failureText ?? '');
    if (degraded === undefined || failure === undefined) {
      problems.push({ source, message: `'${part}': degraded and failure must be numbers` });
      continue;
    }
    if (degraded > failure) {
      problems.push({ source, message: `'${part}': degraded (${degraded}) is above failure (${failure})` });
      continue;
    }
    tolerances.push({ code, degraded, failure, protocol, direction });
  }
  if (tolerances.length === 0 && value.trim() !== '') {
    problems.push({ source, message: `'${value}' has no valid tolerance; the configured rates apply` });
  }
  return { tolerances, problems };
}

/** The object whose tolerances are wanted: its namespace, name, kind and annotations. */
export interface HealthObjectRef {
  readonly namespace: string;
  readonly name: string;
  readonly kind: HealthKind;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface CompiledRate {
  readonly namespace: Matcher;
  readonly kind: Matcher;
  readonly name: Matcher;
  readonly tolerances: readonly CompiledTolerance[];
}

/**
 * Picks the tolerances for an object: its annotation when valid, else the first configured rate
 * matching (namespace, name, kind), else the last rate. Compiles every regex once; answers are
 * remembered per object, so a graph of thousands of nodes costs one lookup per node.
 */
export class HealthToleranceMatcher {
  readonly rates: readonly HealthRate[];
  private readonly compiled: readonly CompiledRate[];
  private readonly problemList: HealthConfigProblem[] = [];
  private readonly byObject = new Map<string, readonly CompiledTolerance[]>();
  private readonly byAnnotation = new Map<string, readonly CompiledTolerance[] | undefined>();

  /** `rates`: the user's `health_config.rate`; Kiali's default rate is appended after them. */
  constructor(rates: readonly HealthRate[] = []) {
    this.rates = [...rates, DEFAULT_HEALTH_RATE];
    this.compiled = this.rates.map((rate, i) => {
      const source = `health_config.rate[${i}]`;
      return {
        namespace: compileMatcher(rate.namespace ?? '.*', `${source}.namespace`, this.problemList),
        kind: compileMatcher(rate.kind ?? '.*', `${source}.kind`, this.problemList),
        name: compileMatcher(rate.name ?? '.*', `${source}.name`, this.problemList),
        tolerances: rate.tolerance.map((t, j) =>
          compileTolerance(t, `${source}.tolerance[${j}]`, this.problemList),
        ),
      };
    });
  }

  /** Problems found in the configuration and in annotations seen so far. */
  get problems(): readonly HealthConfigProblem[] {
    return this.problemList;
  }

  tolerancesFor(object: HealthObjectRef): readonly CompiledTolerance[] {
    const { namespace, name, kind, annotations } = object;
    const annotation = annotations?.[HEALTH_RATE_ANNOTATION];
    if (annotation !== undefined && annotation !== '') {
      const fromAnnotation = this.annotationTolerances(annotation);
      if (fromAnnotation !== undefined) return fromAnnotation;
    }
    const key = `${namespace}\u0000${name}\u0000${kind}`;
    let hit = this.byObject.get(key);
    if (hit === undefined) {
      const rate =
        this.compiled.find((r) => r.namespace.test(namespace) && r.name.test(name) && r.kind.test(kind)) ??
        this.compiled[this.compiled.length - 1];
      hit = rate?.tolerances ?? [];
      this.byObject.set(key, hit);
    }
    return hit;
  }

  private annotationTolerances(value: string): readonly CompiledTolerance[] | undefined {
    if (this.byAnnotation.has(value)) return this.byAnnotation.get(value);
    const parsed = parseHealthAnnotation(value);
    this.problemList.push(...parsed.problems);
    const compiled =
      parsed.tolerances.length === 0
        ? undefined
        : parsed.tolerances.map((t, i) =>
            compileTolerance(t, `${HEALTH_RATE_ANNOTATION}[${i}]`, this.problemList),
          );
    this.byAnnotation.set(value, compiled);
    return compiled;
  }
}
