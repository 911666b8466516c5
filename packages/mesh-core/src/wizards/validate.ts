/**
 * Checks of a wizard's form before anything is built, each naming the field at fault in the
 * words of the form: weights are whole percentages summing to 100, percentages 0–100, HTTP
 * statuses 200–599, durations Go/Istio durations of at least 1ms in whole milliseconds, every
 * routing rule but the last has a match. Istio's own checks (regex syntax aside, which is cheap
 * to catch here) run afterwards on the built objects, in the Validate step.
 */
import { parseGoDuration } from '../config/schema/go-duration.ts';
import { compileRe2 } from '../config/semantic/regex.ts';
import type {
  CircuitBreakerModel,
  FaultInjectionModel,
  MatchModel,
  RequestRoutingModel,
  RequestTimeoutsModel,
  StringMatchModel,
  VersionWeight,
  WizardModel,
} from './model.ts';

export interface WizardIssue {
  /** Where in the form: `weights.v1`, `rules[0].matches`, `abort.httpStatus`. */
  readonly field: string;
  /** For people, naming the field as the form labels it. */
  readonly message: string;
}

const nanosPerMilli = 1_000_000n;

/** A number as the message shows it; an emptied number field reads as NaN. */
const shown = (value: number): string => (Number.isNaN(value) ? 'nothing' : String(value));

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Istio's ValidateDuration: a Go duration of at least 1ms, in whole milliseconds. */
export function durationProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty: write a duration like 5s or 100ms';
  const parsed = parseGoDuration(value);
  if (!parsed.ok) return `is not a duration (${parsed.error}): write it like 5s, 100ms or 1m`;
  if (parsed.nanos < nanosPerMilli) return `must be at least 1ms (got ${value})`;
  if (parsed.nanos % nanosPerMilli !== 0n) return `must be whole milliseconds (got ${value})`;
  return undefined;
}

function checkDuration(issues: WizardIssue[], field: string, label: string, value: string | undefined): void {
  if (value === undefined) return;
  const problem = durationProblem(value);
  if (problem) issues.push({ field, message: `${label} ${problem}` });
}

function checkPercent(issues: WizardIssue[], field: string, label: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    issues.push({ field, message: `${label} must be a number from 0 to 100 (got ${shown(value)})` });
  }
}

function checkWeights(
  issues: WizardIssue[],
  weights: readonly VersionWeight[],
  at: { field: string; label: string },
): void {
  if (weights.length === 0) {
    issues.push({
      field: at.field,
      message: `${at.label}: the service has no workload with a version label to route to`,
    });
    return;
  }
  let sum = 0;
  for (const w of weights) {
    sum += w.weight;
    if (!isWhole(w.weight, 0, 100)) {
      issues.push({
        field: `${at.field}.${w.version}`,
        message: `Weight for ${w.version} must be a whole number from 0 to 100 (got ${shown(w.weight)})`,
      });
    }
  }
  if (sum !== 100 && weights.every((w) => Number.isFinite(w.weight))) {
    issues.push({ field: at.field, message: `${at.label} must sum to 100 (they sum to ${sum})` });
  }
}

function checkStringMatch(issues: WizardIssue[], field: string, label: string, m: StringMatchModel): void {
  if (m.value === '') {
    issues.push({ field: `${field}.value`, message: `${label} needs a value` });
  } else if (m.op === 'regex') {
    const compiled = compileRe2(m.value);
    if (!compiled.ok) {
      issues.push({
        field: `${field}.value`,
        message: `${label} is not a valid RE2 regex: ${compiled.error}`,
      });
    }
  }
}

function checkMatch(issues: WizardIssue[], field: string, label: string, m: MatchModel): void {
  if (m.headers.length === 0 && !m.uri && !m.method) {
    issues.push({ field, message: `${label} has no condition: add a header, URI or method` });
  }
  m.headers.forEach((h, k) => {
    const at = `${field}.headers[${k}]`;
    if (h.name.trim() === '')
      issues.push({ field: `${at}.name`, message: `${label}: a header needs a name` });
    else checkStringMatch(issues, at, `${label}: header ${h.name}`, h);
  });
  if (m.uri) checkStringMatch(issues, `${field}.uri`, `${label}: URI`, m.uri);
  if (m.method) checkStringMatch(issues, `${field}.method`, `${label}: method`, m.method);
}

function checkRouting(issues: WizardIssue[], model: RequestRoutingModel): void {
  if (model.rules.length === 0) issues.push({ field: 'rules', message: 'Add at least one rule' });
  model.rules.forEach((rule, i) => {
    const label = `Rule ${i + 1}`;
    const field = `rules[${i}]`;
    // A rule without matches takes every request: the rules after it would never be reached.
    if (rule.matches.length === 0 && i < model.rules.length - 1) {
      issues.push({
        field: `${field}.matches`,
        message: `${label} needs at least one match: only the last rule may match every request`,
      });
    }
    rule.matches.forEach((m, j) => {
      checkMatch(issues, `${field}.matches[${j}]`, `${label}, match ${j + 1}`, m);
    });
    checkWeights(issues, rule.routes, { field: `${field}.routes`, label: `${label}: weights` });
  });
}

function checkFault(issues: WizardIssue[], model: FaultInjectionModel): void {
  checkWeights(issues, model.weights, { field: 'weights', label: 'Weights' });
  if (!model.delay && !model.abort) {
    issues.push({ field: 'fault', message: 'Add a delay, an abort, or both' });
  }
  if (model.delay) {
    checkPercent(issues, 'delay.percentage', 'Delay percentage', model.delay.percentage);
    checkDuration(issues, 'delay.fixedDelay', 'Fixed delay', model.delay.fixedDelay);
  }
  if (model.abort) {
    checkPercent(issues, 'abort.percentage', 'Abort percentage', model.abort.percentage);
    if (!isWhole(model.abort.httpStatus, 200, 599)) {
      issues.push({
        field: 'abort.httpStatus',
        message: `HTTP status must be a whole number from 200 to 599 (got ${shown(model.abort.httpStatus)})`,
      });
    }
  }
}

function checkTimeouts(issues: WizardIssue[], model: RequestTimeoutsModel): void {
  checkWeights(issues, model.weights, { field: 'weights', label: 'Weights' });
  if (model.timeout === undefined && !model.retries) {
    issues.push({ field: 'timeout', message: 'Add a timeout, retries, or both' });
  }
  checkDuration(issues, 'timeout', 'Timeout', model.timeout);
  const retries = model.retries;
  if (retries) {
    if (!isWhole(retries.attempts, 1, 2 ** 31 - 1)) {
      issues.push({
        field: 'retries.attempts',
        message: `Attempts must be a whole number of at least 1 (got ${shown(retries.attempts)})`,
      });
    }
    checkDuration(issues, 'retries.perTryTimeout', 'Per try timeout', retries.perTryTimeout);
    if (retries.retryOn !== undefined && /\s/.test(retries.retryOn)) {
      issues.push({
        field: 'retries.retryOn',
        message:
          'Retry on lists Envoy policies separated by commas, without spaces (gateway-error,connect-failure)',
      });
    }
  }
}

const POOL_LABELS = {
  maxConnections: 'Max connections',
  http1MaxPendingRequests: 'HTTP/1.1 max pending requests',
  http2MaxRequests: 'HTTP/2 max requests',
  maxRequestsPerConnection: 'Max requests per connection',
  maxRetries: 'Max retries',
} as const;

function checkCircuitBreaker(issues: WizardIssue[], model: CircuitBreakerModel): void {
  if (!model.connectionPool && !model.outlierDetection) {
    issues.push({ field: 'trafficPolicy', message: 'Add a connection pool, outlier detection, or both' });
  }
  const pool = model.connectionPool;
  if (pool) {
    for (const key of Object.keys(POOL_LABELS) as (keyof typeof POOL_LABELS)[]) {
      const value = pool[key];
      if (value !== undefined && !isWhole(value, 1, 2 ** 31 - 1)) {
        issues.push({
          field: `connectionPool.${key}`,
          message: `${POOL_LABELS[key]} must be a whole number of at least 1 (got ${shown(value)})`,
        });
      }
    }
  }
  const od = model.outlierDetection;
  if (od) {
    if (od.consecutive5xxErrors !== undefined && !isWhole(od.consecutive5xxErrors, 0, 2 ** 32 - 1)) {
      issues.push({
        field: 'outlierDetection.consecutive5xxErrors',
        message: `Consecutive 5xx errors must be a whole number of at least 0 (got ${shown(od.consecutive5xxErrors)})`,
      });
    }
    checkDuration(issues, 'outlierDetection.interval', 'Interval', od.interval);
    checkDuration(issues, 'outlierDetection.baseEjectionTime', 'Base ejection time', od.baseEjectionTime);
    if (od.maxEjectionPercent !== undefined && !isWhole(od.maxEjectionPercent, 0, 100)) {
      issues.push({
        field: 'outlierDetection.maxEjectionPercent',
        message: `Max ejection percent must be a whole number from 0 to 100 (got ${shown(od.maxEjectionPercent)})`,
      });
    }
  }
}

/** Every problem of the form; empty when it can be built. */
export function validateWizard(model: WizardModel): WizardIssue[] {
  const issues: WizardIssue[] = [];
  switch (model.kind) {
    case 'traffic_shifting':
      checkWeights(issues, model.weights, { field: 'weights', label: 'Weights' });
      break;
    case 'request_routing':
      checkRouting(issues, model);
      break;
    case 'fault_injection':
      checkFault(issues, model);
      break;
    case 'request_timeouts':
      checkTimeouts(issues, model);
      break;
    case 'circuit_breaker':
      checkCircuitBreaker(issues, model);
      break;
  }
  return issues;
}
