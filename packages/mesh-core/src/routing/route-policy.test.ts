import { describe, expect, it } from 'vitest';
import { ValidationContext } from '../validation/context.ts';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import {
  defaultRetryPolicy,
  hashesConsistently,
  retryPolicy,
  rulePolicy,
  translateCors,
  translateFault,
  translateMirrors,
} from './route-policy.ts';
import type { IstioDestination } from './route-policy.ts';

const defaults = defaultRetryPolicy();

describe('retryPolicy (pilot ConvertPolicy)', () => {
  it("gives a rule without retries Istio's default policy, which no longer retries 503", () => {
    expect(retryPolicy(undefined, { consistentHash: false })).toEqual({
      attempts: 2,
      retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
      retriableStatusCodes: [],
      hostSelectionRetryMaxAttempts: 5,
      backoffBaseMs: 25,
      backoffMaxMs: 250,
    });
  });

  it.each([
    ['attempts: 0', { attempts: 0, retryOn: '5xx' }],
    ['no attempts', { perTryTimeout: '2s' }],
  ])('disables retries with %s', (_, retries) => {
    expect(retryPolicy(retries, { consistentHash: false })).toBeUndefined();
  });

  it.each([
    ['5xx,gateway-error', ['5xx', 'gateway-error'], []],
    [' 503 , retriable-4xx', ['retriable-4xx', 'retriable-status-codes'], [503]],
    ['503,429', ['retriable-status-codes'], [503, 429]],
    ['retriable-status-codes,503', ['retriable-status-codes'], [503]],
    ['599,connect-failure', ['599', 'connect-failure'], []],
  ])('splits retryOn %j into Envoy conditions and status codes', (retryOn, conditions, codes) => {
    const policy = retryPolicy({ attempts: 3, retryOn }, { consistentHash: false });
    expect(policy).toEqual({ ...defaults, attempts: 3, retryOn: conditions, retriableStatusCodes: codes });
  });

  it('keeps the default conditions when only attempts are written', () => {
    expect(retryPolicy({ attempts: 5 }, { consistentHash: false })).toEqual({ ...defaults, attempts: 5 });
  });

  it('reads perTryTimeout and backoff as milliseconds, with Envoy’s max back-off of ten times the base', () => {
    const policy = retryPolicy(
      { attempts: 3, perTryTimeout: '0.5s', backoff: '100ms' },
      { consistentHash: false },
    );
    expect(policy).toMatchObject({ perTryTimeoutMs: 500, backoffBaseMs: 100, backoffMaxMs: 1000 });
  });

  it.each([
    ['a consistent-hash destination', undefined, true, 0],
    ['retryIgnorePreviousHosts: false', { attempts: 1, retryIgnorePreviousHosts: false }, false, 0],
    [
      'retryIgnorePreviousHosts: true on a hashed destination',
      { attempts: 1, retryIgnorePreviousHosts: true },
      true,
      5,
    ],
  ])('drops the previous-hosts predicate for %s', (_, retries, consistentHash, picks) => {
    expect(retryPolicy(retries, { consistentHash })?.hostSelectionRetryMaxAttempts).toBe(picks);
  });
});

describe('translateFault', () => {
  it.each([
    [
      'a delay for a share of requests',
      { delay: { fixedDelay: '7s', percentage: { value: 100 } } },
      { delay: { fixedDelayMs: 7000, percent: 100 } },
    ],
    [
      'the deprecated integer percent',
      { delay: { fixedDelay: '2s', percent: 50 } },
      { delay: { fixedDelayMs: 2000, percent: 50 } },
    ],
    [
      'a delay without a percentage: none delayed',
      { delay: { fixedDelay: '2s' } },
      { delay: { fixedDelayMs: 2000, percent: 0 } },
    ],
    [
      'a fractional percentage',
      { delay: { fixedDelay: '1s', percentage: { value: 0.1 } } },
      { delay: { fixedDelayMs: 1000, percent: 0.1 } },
    ],
    [
      'an abort',
      { abort: { httpStatus: 500, percentage: { value: 100 } } },
      { abort: { httpStatus: 500, percent: 100 } },
    ],
    [
      'an abort without a percentage: none aborted',
      { abort: { httpStatus: 503 } },
      { abort: { httpStatus: 503, percent: 0 } },
    ],
    [
      'an exponential delay (unsupported)',
      { delay: { exponentialDelay: '1s', percentage: { value: 10 } } },
      undefined,
    ],
    [
      'a gRPC abort (unsupported)',
      { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 10 } } },
      undefined,
    ],
  ])('translates %s', (_, fault, expected) => {
    expect(translateFault(fault)).toEqual(expected);
  });
});

describe('translateCors', () => {
  it('reads allowOrigins as string matches and durations as whole seconds', () => {
    expect(
      translateCors({
        allowOrigins: [{ exact: 'https://example.com' }, { prefix: 'https://dev.' }, { regex: '.*\\.test' }],
        allowMethods: ['POST', 'GET'],
        allowHeaders: ['x-custom'],
        exposeHeaders: ['x-trace'],
        maxAge: '24h',
        allowCredentials: false,
        unmatchedPreflights: 'IGNORE',
      }),
    ).toEqual({
      allowOrigins: [
        { kind: 'exact', value: 'https://example.com' },
        { kind: 'prefix', value: 'https://dev.' },
        { kind: 'regex', value: '.*\\.test' },
      ],
      allowMethods: ['POST', 'GET'],
      allowHeaders: ['x-custom'],
      exposeHeaders: ['x-trace'],
      maxAgeSeconds: 86_400,
      allowCredentials: false,
      unmatchedPreflights: 'IGNORE',
    });
  });

  it('reads the deprecated allowOrigin as exact matches and forwards unmatched preflights by default', () => {
    expect(translateCors({ allowOrigin: ['*'], maxAge: '1.5s' })).toEqual({
      allowOrigins: [{ kind: 'exact', value: '*' }],
      allowMethods: [],
      allowHeaders: [],
      exposeHeaders: [],
      maxAgeSeconds: 1,
      unmatchedPreflights: 'FORWARD',
    });
  });
});

describe('translateMirrors', () => {
  const resolve = (d: IstioDestination) => ({
    cluster: `outbound|80|${d.subset ?? ''}|${d.host}`,
    host: d.host,
    port: 80,
  });
  it.each([
    ['mirror alone: every request', { mirror: { host: 'a' } }, [['a', 100]]],
    ['mirrorPercentage', { mirror: { host: 'a' }, mirrorPercentage: { value: 25.5 } }, [['a', 25.5]]],
    ['mirrorPercentage 0: none', { mirror: { host: 'a' }, mirrorPercentage: { value: 0 } }, []],
    ['the deprecated mirrorPercent', { mirror: { host: 'a' }, mirrorPercent: 10 }, [['a', 10]]],
    [
      'mirrors, after mirror',
      {
        mirror: { host: 'a' },
        mirrors: [{ destination: { host: 'b' }, percentage: { value: 5 } }, { destination: { host: 'c' } }],
      },
      [
        ['a', 100],
        ['b', 5],
        ['c', 100],
      ],
    ],
  ])('translates %s', (_, rule, expected) => {
    expect(translateMirrors(rule, resolve).map((m) => [m.host, m.percent])).toEqual(expected);
  });
});

describe('rulePolicy', () => {
  const resolve = (d: IstioDestination) => ({ cluster: d.host, host: d.host, port: 80 });

  it('gives a redirect only its fault and CORS policy: timeout, retries and mirrors need a route', () => {
    const policy = rulePolicy({
      rule: {
        redirect: { uri: '/v2' },
        timeout: '1s',
        retries: { attempts: 3 },
        mirror: { host: 'a' },
        fault: { abort: { httpStatus: 418, percentage: { value: 100 } } },
        corsPolicy: { allowOrigins: [{ exact: '*' }] },
      },
      forwards: false,
      resolve,
      consistentHash: false,
    });
    expect(policy).toEqual({
      fault: { abort: { httpStatus: 418, percent: 100 } },
      mirrors: [],
      cors: translateCors({ allowOrigins: [{ exact: '*' }] }),
    });
  });

  it('keeps timeout and retries beside a fault, as pilot does', () => {
    const policy = rulePolicy({
      rule: { timeout: '0.5s', fault: { delay: { fixedDelay: '2s', percentage: { value: 100 } } } },
      forwards: true,
      resolve,
      consistentHash: false,
    });
    expect(policy).toEqual({
      timeoutMs: 500,
      retries: defaults,
      fault: { delay: { fixedDelayMs: 2000, percent: 100 } },
      mirrors: [],
    });
  });

  it('writes no timeout for 0s, and no policy at all for a redirect with nothing to apply', () => {
    const routed = rulePolicy({ rule: { timeout: '0s' }, forwards: true, resolve, consistentHash: false });
    expect(routed?.timeoutMs).toBeUndefined();
    expect(rulePolicy({ rule: { timeout: '1s' }, forwards: false, resolve, consistentHash: false })).toBe(
      undefined,
    );
  });
});

describe('hashesConsistently', () => {
  const hashed = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: default }
spec:
  host: reviews
  trafficPolicy:
    portLevelSettings:
    - port: { number: 9080 }
      loadBalancer: { consistentHash: { httpHeaderName: x-port } }
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
    trafficPolicy:
      loadBalancer: { consistentHash: { useSourceIp: true } }
`;
  const ctx = ValidationContext.fromSnapshot(bookinfoMesh([], [hashed]));
  const fqdn = 'reviews.default.svc.cluster.local';

  it.each([
    ['a subset that hashes', 'v2', undefined, true],
    ['a subset that does not, without a port', 'v1', undefined, false],
    ['a port-level hash, when the destination names the port', 'v1', 9080, true],
  ])('finds %s', (_, subset, port, expected) => {
    expect(hashesConsistently({ fqdn, subset, port }, ctx, 'default')).toBe(expected);
  });
});
