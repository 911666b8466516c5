import { UNLIMITED } from '@meshlens/mesh-core/routing';
import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from './circuit-breakers.ts';
import type { BreakerThresholds } from './circuit-breakers.ts';

function breakers(thresholds: Partial<BreakerThresholds>) {
  const counts = { pending: 0, cx: 0 };
  const b = new CircuitBreakers(
    {
      maxConnections: UNLIMITED,
      maxPendingRequests: UNLIMITED,
      maxRequests: UNLIMITED,
      maxRetries: UNLIMITED,
      ...thresholds,
    },
    {
      upstream_rq_pending_overflow: { inc: () => counts.pending++ },
      upstream_cx_overflow: { inc: () => counts.cx++ },
    },
  );
  return { b, counts };
}

describe('circuit breakers (HTTP/1)', () => {
  it('third concurrent request overflows with maxConnections 1 and maxPendingRequests 1', () => {
    const { b, counts } = breakers({ maxConnections: 1, maxPendingRequests: 1 });
    expect(b.admitRequest()).toBe(true);
    // The second waits for the one connection: Envoy counts a connection it could not open.
    expect(b.admitRequest()).toBe(true);
    expect(counts).toEqual({ pending: 0, cx: 1 });
    expect(b.pending).toBe(1);
    expect(b.admitRequest()).toBe(false);
    expect(counts).toEqual({ pending: 1, cx: 1 });
  });

  it('admits again once a request in flight ends', () => {
    const { b } = breakers({ maxConnections: 1, maxPendingRequests: 1 });
    b.admitRequest();
    b.admitRequest();
    expect(b.admitRequest()).toBe(false);
    b.releaseRequest();
    expect(b.admitRequest()).toBe(true);
  });

  it('overflows at maxRequests in flight, counted as pending overflow', () => {
    const { b, counts } = breakers({ maxRequests: 2 });
    expect(b.admitRequest()).toBe(true);
    expect(b.admitRequest()).toBe(true);
    expect(b.admitRequest()).toBe(false);
    expect(counts).toEqual({ pending: 1, cx: 0 });
  });

  it('limits retries in flight to maxRetries; maxRetries 0 allows none', () => {
    const one = breakers({ maxRetries: 1 }).b;
    expect(one.admitRetry()).toBe(true);
    expect(one.admitRetry()).toBe(false);
    one.releaseRetry();
    expect(one.admitRetry()).toBe(true);
    expect(breakers({ maxRetries: 0 }).b.admitRetry()).toBe(false);
  });

  it('keeps its counts when the thresholds change', () => {
    const { b } = breakers({ maxConnections: 5 });
    b.admitRequest();
    b.admitRequest();
    b.update({ maxConnections: 1, maxPendingRequests: 1, maxRequests: UNLIMITED, maxRetries: 3 });
    expect(b.requests).toBe(2);
    expect(b.admitRequest()).toBe(false);
  });

  it('never goes below zero on an extra release', () => {
    const { b } = breakers({ maxConnections: 1, maxPendingRequests: 0 });
    b.releaseRequest();
    b.releaseRetry();
    expect(b.admitRequest()).toBe(true);
    expect(b.admitRequest()).toBe(false);
  });
});
