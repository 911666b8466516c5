import { describe, expect, it } from 'vitest';
import type { WizardModel } from './model.ts';
import type { WizardIssue } from './validate.ts';
import { durationProblem, validateWizard } from './validate.ts';

const w = (...pairs: [string, number][]) => pairs.map(([version, weight]) => ({ version, weight }));

const cases: readonly { name: string; model: WizardModel; issues: WizardIssue[] }[] = [
  {
    name: 'weights summing to 100',
    model: { kind: 'traffic_shifting', weights: w(['v1', 80], ['v3', 20]) },
    issues: [],
  },
  {
    name: 'weights summing to 90',
    model: { kind: 'traffic_shifting', weights: w(['v1', 70], ['v3', 20]) },
    issues: [{ field: 'weights', message: 'Weights must sum to 100 (they sum to 90)' }],
  },
  {
    name: 'a fractional and a negative weight',
    model: { kind: 'traffic_shifting', weights: w(['v1', 100.5], ['v2', -0.5]) },
    issues: [
      { field: 'weights.v1', message: 'Weight for v1 must be a whole number from 0 to 100 (got 100.5)' },
      { field: 'weights.v2', message: 'Weight for v2 must be a whole number from 0 to 100 (got -0.5)' },
    ],
  },
  {
    name: 'no versions to route to',
    model: { kind: 'traffic_shifting', weights: [] },
    issues: [
      { field: 'weights', message: 'Weights: the service has no workload with a version label to route to' },
    ],
  },
  {
    name: 'a catch-all rule before another rule, an empty header, a bad regex',
    model: {
      kind: 'request_routing',
      rules: [
        { matches: [], routes: w(['v1', 100]) },
        {
          matches: [{ headers: [{ name: '', op: 'exact', value: 'x' }], uri: { op: 'regex', value: '(' } }],
          routes: w(['v2', 100]),
        },
      ],
    },
    issues: [
      {
        field: 'rules[0].matches',
        message: 'Rule 1 needs at least one match: only the last rule may match every request',
      },
      { field: 'rules[1].matches[0].headers[0].name', message: 'Rule 2, match 1: a header needs a name' },
      {
        field: 'rules[1].matches[0].uri.value',
        message: expect.stringMatching(/^Rule 2, match 1: URI is not a valid RE2 regex: /) as string,
      },
    ],
  },
  {
    name: 'a match without conditions, a rule whose weights do not sum to 100',
    model: { kind: 'request_routing', rules: [{ matches: [{ headers: [] }], routes: w(['v1', 50]) }] },
    issues: [
      {
        field: 'rules[0].matches[0]',
        message: 'Rule 1, match 1 has no condition: add a header, URI or method',
      },
      { field: 'rules[0].routes', message: 'Rule 1: weights must sum to 100 (they sum to 50)' },
    ],
  },
  {
    name: 'no rules',
    model: { kind: 'request_routing', rules: [] },
    issues: [{ field: 'rules', message: 'Add at least one rule' }],
  },
  {
    name: 'fault: percentages and status out of range, bad delay',
    model: {
      kind: 'fault_injection',
      weights: w(['v1', 100]),
      delay: { percentage: 101, fixedDelay: '5 s' },
      abort: { percentage: -1, httpStatus: 600 },
    },
    issues: [
      { field: 'delay.percentage', message: 'Delay percentage must be a number from 0 to 100 (got 101)' },
      {
        field: 'delay.fixedDelay',
        message:
          'Fixed delay is not a duration (time: unknown unit " s" in duration "5 s"): write it like 5s, 100ms or 1m',
      },
      { field: 'abort.percentage', message: 'Abort percentage must be a number from 0 to 100 (got -1)' },
      { field: 'abort.httpStatus', message: 'HTTP status must be a whole number from 200 to 599 (got 600)' },
    ],
  },
  {
    name: 'fault: neither delay nor abort',
    model: { kind: 'fault_injection', weights: w(['v1', 100]) },
    issues: [{ field: 'fault', message: 'Add a delay, an abort, or both' }],
  },
  {
    name: 'timeouts: sub-millisecond timeout, zero attempts, spaces in retryOn',
    model: {
      kind: 'request_timeouts',
      weights: w(['v1', 100]),
      timeout: '500us',
      retries: { attempts: 0, perTryTimeout: '1.5ms', retryOn: '5xx, reset' },
    },
    issues: [
      { field: 'timeout', message: 'Timeout must be at least 1ms (got 500us)' },
      { field: 'retries.attempts', message: 'Attempts must be a whole number of at least 1 (got 0)' },
      { field: 'retries.perTryTimeout', message: 'Per try timeout must be whole milliseconds (got 1.5ms)' },
      {
        field: 'retries.retryOn',
        message:
          'Retry on lists Envoy policies separated by commas, without spaces (gateway-error,connect-failure)',
      },
    ],
  },
  {
    name: 'circuit breaker: zero connections, ejection over 100%, empty interval',
    model: {
      kind: 'circuit_breaker',
      connectionPool: { maxConnections: 0 },
      outlierDetection: { interval: '', maxEjectionPercent: 150 },
    },
    issues: [
      {
        field: 'connectionPool.maxConnections',
        message: 'Max connections must be a whole number of at least 1 (got 0)',
      },
      { field: 'outlierDetection.interval', message: 'Interval is empty: write a duration like 5s or 100ms' },
      {
        field: 'outlierDetection.maxEjectionPercent',
        message: 'Max ejection percent must be a whole number from 0 to 100 (got 150)',
      },
    ],
  },
  {
    name: 'circuit breaker: nothing set',
    model: { kind: 'circuit_breaker' },
    issues: [{ field: 'trafficPolicy', message: 'Add a connection pool, outlier detection, or both' }],
  },
];

describe('validateWizard', () => {
  it.each(cases)('$name', ({ model, issues }) => {
    expect(validateWizard(model)).toEqual(issues);
  });
});

describe('durationProblem', () => {
  it.each([
    ['5s', undefined],
    ['100ms', undefined],
    ['1h30m', undefined],
    ['0', 'must be at least 1ms (got 0)'],
    ['5', 'is not a duration (time: missing unit in duration "5"): write it like 5s, 100ms or 1m'],
  ])('%s', (value, problem) => {
    expect(durationProblem(value)).toBe(problem);
  });
});
