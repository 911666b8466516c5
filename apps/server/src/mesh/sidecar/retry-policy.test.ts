import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  compileRetryPolicy,
  retriableFailure,
  retriableResponse,
  retriableTimeout,
} from './retry-policy.ts';

function policy(retryOn: string[], codes: number[] = []) {
  return compileRetryPolicy({
    attempts: 2,
    retryOn,
    retriableStatusCodes: codes,
    hostSelectionRetryMaxAttempts: 5,
    backoffBaseMs: 25,
    backoffMaxMs: 250,
  });
}

describe("Envoy's retry conditions", () => {
  it('5xx retries every 5xx response, resets and connect failures', () => {
    const p = policy(['5xx']);
    expect([500, 501, 503, 504, 599].every((s) => retriableResponse(p, s, {}))).toBe(true);
    expect(retriableResponse(p, 404, {})).toBe(false);
    expect(retriableFailure(p, false)).toBe(true);
    expect(retriableFailure(p, true)).toBe(true);
    expect(retriableTimeout(p)).toBe(true);
  });

  it('gateway-error retries only 502, 503 and 504 responses, and resets', () => {
    const p = policy(['gateway-error']);
    expect([502, 503, 504].map((s) => retriableResponse(p, s, {}))).toEqual([true, true, true]);
    expect(retriableResponse(p, 500, {})).toBe(false);
    expect(retriableFailure(p, false)).toBe(true);
  });

  it('connect-failure retries a failed connection, not a reset or a 503', () => {
    const p = policy(['connect-failure']);
    expect(retriableFailure(p, true)).toBe(true);
    expect(retriableFailure(p, false)).toBe(false);
    expect(retriableResponse(p, 503, {})).toBe(false);
    expect(retriableTimeout(p)).toBe(false);
  });

  it("Istio's default policy does not retry a 503 answer (no retriable status codes)", () => {
    const p = policy([
      'connect-failure',
      'refused-stream',
      'unavailable',
      'cancelled',
      'retriable-status-codes',
    ]);
    expect(retriableResponse(p, 503, {})).toBe(false);
    expect(retriableFailure(p, true)).toBe(true);
    expect(retriableFailure(p, false)).toBe(false);
  });

  it("reset-before-request (Istio's inbound default) retries only a connection that was never made", () => {
    const p = policy(['reset-before-request']);
    expect(retriableFailure(p, true)).toBe(true);
    expect(retriableFailure(p, false)).toBe(false);
    expect(retriableTimeout(p)).toBe(false);
  });

  it('retriable-status-codes retries the listed codes; retriable-4xx retries 409 only', () => {
    const p = policy(['retriable-status-codes', 'retriable-4xx'], [429]);
    expect(retriableResponse(p, 429, {})).toBe(true);
    expect(retriableResponse(p, 409, {})).toBe(true);
    expect(retriableResponse(p, 400, {})).toBe(false);
  });

  it('gRPC conditions look at grpc-status', () => {
    const p = policy(['unavailable', 'cancelled']);
    expect(retriableResponse(p, 200, { 'grpc-status': '14' })).toBe(true);
    expect(retriableResponse(p, 200, { 'grpc-status': '1' })).toBe(true);
    expect(retriableResponse(p, 200, { 'grpc-status': '13' })).toBe(false);
    expect(retriableResponse(p, 200, {})).toBe(false);
  });

  it('backs off with full jitter below (2^n - 1) × base, capped at the maximum', () => {
    const p = policy(['5xx']);
    expect(backoffMs(p, 1, () => 0.999)).toBe(24);
    expect(backoffMs(p, 2, () => 0.999)).toBe(74);
    expect(backoffMs(p, 5, () => 0.999)).toBe(250);
    expect(backoffMs(p, 1, () => 0)).toBe(0);
  });
});
