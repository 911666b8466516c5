import { describe, expect, it } from 'vitest';
import { connectionPoolOf, goDurationMs, outlierDetectionOf } from './cluster-policy.ts';
import { UNLIMITED, defaultConnectionPool } from './snapshot.ts';

describe('goDurationMs', () => {
  it.each([
    ['0.5s', 500],
    ['3s', 3000],
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['0', 0],
    ['-1s', undefined],
    ['3 seconds', undefined],
    [undefined, undefined],
  ])('reads %s as %s ms', (text, ms) => {
    expect(goDurationMs(text)).toBe(ms);
  });
});

describe('connectionPoolOf', () => {
  it("gives Istio's defaults without a connectionPool: every breaker unlimited, 10 s connect, 1 h idle", () => {
    expect(connectionPoolOf({})).toEqual({
      maxConnections: UNLIMITED,
      maxPendingRequests: UNLIMITED,
      maxRequests: UNLIMITED,
      maxRetries: UNLIMITED,
      maxRequestsPerConnection: 0,
      idleTimeoutMs: 3_600_000,
      connectTimeoutMs: 10_000,
    });
    expect(connectionPoolOf({})).toEqual(defaultConnectionPool());
  });

  it('takes every setting of the circuit-breaking task, and the rest from the defaults', () => {
    const pool = connectionPoolOf({
      connectionPool: {
        tcp: { maxConnections: 1, connectTimeout: '250ms' },
        http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1, http2MaxRequests: 7, maxRetries: 2 },
      },
    });
    expect(pool).toEqual({
      maxConnections: 1,
      maxPendingRequests: 1,
      maxRequests: 7,
      maxRetries: 2,
      maxRequestsPerConnection: 1,
      idleTimeoutMs: 3_600_000,
      connectTimeoutMs: 250,
    });
  });

  it('treats 0 as unset, as pilot does (maxRetries: 0 leaves retries unlimited)', () => {
    const pool = connectionPoolOf({
      connectionPool: { tcp: { maxConnections: 0 }, http: { maxRetries: 0, http2MaxRequests: 0 } },
    });
    expect([pool.maxConnections, pool.maxRetries, pool.maxRequests]).toEqual([
      UNLIMITED,
      UNLIMITED,
      UNLIMITED,
    ]);
  });

  it.each([
    [{ http: { idleTimeout: '30s' }, tcp: { idleTimeout: '5m' } }, 30_000],
    [{ tcp: { idleTimeout: '5m' } }, 300_000],
    [{ http: { idleTimeout: '0s' } }, 0],
  ])('takes the idle timeout from http, else tcp (%j)', (connectionPool, ms) => {
    expect(connectionPoolOf({ connectionPool }).idleTimeoutMs).toBe(ms);
  });
});

describe('outlierDetectionOf', () => {
  it('is absent without an outlierDetection block', () => {
    expect(outlierDetectionOf({ connectionPool: { tcp: { maxConnections: 1 } } })).toBeUndefined();
  });

  it("fills what the block leaves out with Envoy's defaults", () => {
    expect(outlierDetectionOf({ outlierDetection: {} })).toEqual({
      consecutive5xxErrors: 5,
      consecutiveGatewayErrors: 0,
      intervalMs: 10_000,
      baseEjectionTimeMs: 30_000,
      maxEjectionPercent: 10,
      minHealthPercent: 0,
    });
  });

  it("reads the circuit-breaking task's block", () => {
    const outlier = outlierDetectionOf({
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
    });
    expect(outlier).toEqual({
      consecutive5xxErrors: 1,
      consecutiveGatewayErrors: 0,
      intervalMs: 1000,
      baseEjectionTimeMs: 180_000,
      maxEjectionPercent: 100,
      minHealthPercent: 0,
    });
  });

  it.each([
    ['an explicit consecutive5xxErrors: 0 turns the 5xx detector off', { consecutive5xxErrors: 0 }, 0, 0],
    ['consecutiveGatewayErrors turns the gateway detector on', { consecutiveGatewayErrors: 3 }, 5, 3],
    ['the deprecated consecutiveErrors is ignored, as pilot now does', { consecutiveErrors: 7 }, 5, 0],
  ])('%s', (_, outlierDetection, fiveXx, gateway) => {
    const outlier = outlierDetectionOf({ outlierDetection });
    expect([outlier?.consecutive5xxErrors, outlier?.consecutiveGatewayErrors]).toEqual([fiveXx, gateway]);
  });

  it("keeps Envoy's 10% for maxEjectionPercent 0 and takes minHealthPercent as the panic threshold", () => {
    const outlier = outlierDetectionOf({ outlierDetection: { maxEjectionPercent: 0, minHealthPercent: 50 } });
    expect([outlier?.maxEjectionPercent, outlier?.minHealthPercent]).toEqual([10, 50]);
  });
});
