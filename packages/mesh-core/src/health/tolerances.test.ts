import { describe, expect, it } from 'vitest';
import { requestHealthStatus } from './calculator.ts';
import type { RequestRates } from './requests.ts';
import { HealthToleranceMatcher, parseHealthAnnotation } from './tolerances.ts';

const health = (inbound: RequestRates, outbound: RequestRates = {}) => ({
  inbound,
  outbound,
  healthAnnotations: {},
});

describe('Kiali’s default tolerances', () => {
  const tolerances = new HealthToleranceMatcher().tolerancesFor({
    namespace: 'bookinfo',
    name: 'reviews',
    kind: 'app',
  });

  it.each([
    [{ http: { '200': 100 } }, 'Healthy', 0],
    [{ http: { '200': 99.9, '503': 0.1 } }, 'Degraded', 0.1],
    [{ http: { '200': 90, '500': 10 } }, 'Failure', 10],
    [{ http: { '200': 95, '404': 5 } }, 'Healthy', 0],
    [{ http: { '200': 90, '404': 10 } }, 'Degraded', 10],
    [{ http: { '200': 80, '404': 20 } }, 'Failure', 20],
    [{ http: { '200': 95, '-': 5 } }, 'Degraded', 5],
    [{ http: { '200': 9, '-': 1 } }, 'Failure', 10],
    [{ grpc: { '0': 99, '14': 1 } }, 'Degraded', 1],
    [{ grpc: { '0': 90, '2': 10 } }, 'Failure', 10],
    [{ grpc: { '0': 95, '17': 5 } }, 'Healthy', 0],
    [{ tcp: { '-': 1000 } }, 'NA', -1],
    [{}, 'NA', -1],
  ] as const)('judges inbound %j as %s (%s%%)', (inbound, status, ratio) => {
    const result = requestHealthStatus(health(inbound), tolerances);
    expect(result.status).toBe(status);
    expect(result.errorRatio).toBeCloseTo(ratio, 5);
  });

  it('takes the worse of inbound and outbound', () => {
    const result = requestHealthStatus(
      health({ http: { '200': 10 } }, { http: { '200': 8, '500': 2 } }),
      tolerances,
    );
    expect(result).toEqual({ status: 'Failure', errorRatio: 20 });
  });
});

describe('health_config.rate', () => {
  const matcher = new HealthToleranceMatcher([
    {
      namespace: 'bookinfo',
      kind: 'service',
      name: 'rat.*',
      tolerance: [{ code: '5XX', degraded: 30, failure: 50, protocol: 'http', direction: 'inbound' }],
    },
    {
      namespace: 'legacy-.*',
      tolerance: [{ code: '4XX|5XX', degraded: 50, failure: 90, protocol: 'http', direction: '.*' }],
    },
  ]);
  const rates = health({ http: { '200': 60, '500': 40 } });

  it.each([
    ['bookinfo', 'ratings', 'service', 'Degraded'],
    ['bookinfo', 'ratings', 'workload', 'Failure'],
    ['bookinfo', 'reviews', 'service', 'Failure'],
    ['legacy-shop', 'cart', 'workload', 'Healthy'],
    ['legacy', 'cart', 'workload', 'Failure'],
  ] as const)('in %s, %s (%s) uses the first matching rate: %s', (namespace, name, kind, status) => {
    expect(requestHealthStatus(rates, matcher.tolerancesFor({ namespace, name, kind })).status).toBe(status);
  });

  it('only applies a tolerance in its direction: traffic no tolerance covers tells nothing', () => {
    const outbound = health({}, { http: { '200': 60, '500': 40 } });
    const tolerances = matcher.tolerancesFor({ namespace: 'bookinfo', name: 'ratings', kind: 'service' });
    expect(requestHealthStatus(outbound, tolerances)).toEqual({ status: 'NA', errorRatio: -1 });
  });

  it('reports an invalid regex and matches everything instead', () => {
    const bad = new HealthToleranceMatcher([{ name: '(', tolerance: [] }]);
    expect(bad.problems.map((p) => p.source)).toEqual(['health_config.rate[0].name']);
    expect(bad.tolerancesFor({ namespace: 'any', name: 'thing', kind: 'app' })).toEqual([]);
  });
});

describe('health.kiali.io/rate', () => {
  it('overrides the configured tolerances of the annotated object', () => {
    const matcher = new HealthToleranceMatcher();
    const rates = health({ http: { '200': 85, '503': 15 } });
    const annotated = matcher.tolerancesFor({
      namespace: 'bookinfo',
      name: 'ratings',
      kind: 'service',
      annotations: {
        'health.kiali.io/rate': '5XX,20,30,http,inbound',
      },
    });
    expect(requestHealthStatus(rates, annotated).status).toBe('Healthy');
    expect(
      requestHealthStatus(
        rates,
        matcher.tolerancesFor({ namespace: 'bookinfo', name: 'ratings', kind: 'service' }),
      ).status,
    ).toBe('Failure');
  });

  it.each([
    ['4XX,30,40,http,inbound', 1, 0],
    ['4XX,30,40,http,inbound;5xx,5,10,grpc,.*', 2, 0],
    ['4XX,30,40,http', 0, 2],
    ['4XX,x,40,http,inbound', 0, 2],
    ['5XX,40,30,http,inbound', 0, 2],
    ['5XX,10,20,http,inbound;junk', 1, 1],
  ])('parses %j into %d tolerances with %d problems', (value, count, problems) => {
    const parsed = parseHealthAnnotation(value);
    expect(parsed.tolerances).toHaveLength(count);
    expect(parsed.problems).toHaveLength(problems);
  });

  it('falls back to the configured tolerances when the annotation is invalid', () => {
    const matcher = new HealthToleranceMatcher();
    const tolerances = matcher.tolerancesFor({
      namespace: 'bookinfo',
      name: 'ratings',
      kind: 'service',
      annotations: {
        'health.kiali.io/rate': 'nonsense',
      },
    });
    expect(tolerances).toHaveLength(4);
    expect(matcher.problems.length).toBeGreaterThan(0);
  });
});
