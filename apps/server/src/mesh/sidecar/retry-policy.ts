/**
 * A route's retry policy made ready for the router: `retryOn` read once into bits (per snapshot,
 * cached by the frozen policy object), and Envoy's decisions over them.
 *
 * Envoy (`RetryStateImpl`): a response is retried for `5xx` (any 5xx), `gateway-error` (502, 503,
 * 504), `retriable-4xx` (409), `retriable-status-codes` (the listed codes) and the gRPC conditions
 * on the response's `grpc-status`. A reset is retried for `reset`, `5xx` and `gateway-error` (a
 * reset counts as a 5xx), and a connection failure also for `connect-failure`; an overflow never.
 * `reset-before-request` (Istio's inbound default since 1.24) retries a failure before any byte of
 * the request left: here, a connection that could not be made.
 * A per-try timeout is a local reset: retried for `5xx`, `gateway-error` and `reset`.
 * `refused-stream` needs HTTP/2's REFUSED_STREAM and `retriable-headers` the headers Istio cannot
 * configure, so neither ever fires on this proxy's HTTP/1 legs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RetryPolicy } from '@meshlens/mesh-core/routing';

const ON_5XX = 1;
const ON_GATEWAY_ERROR = 2;
const ON_RESET = 4;
const ON_CONNECT_FAILURE = 8;
const ON_RETRIABLE_4XX = 16;
const ON_STATUS_CODES = 32;
const ON_GRPC_CANCELLED = 64;
const ON_GRPC_DEADLINE_EXCEEDED = 128;
const ON_GRPC_INTERNAL = 256;
const ON_GRPC_RESOURCE_EXHAUSTED = 512;
const ON_GRPC_UNAVAILABLE = 1024;
const ON_RESET_BEFORE_REQUEST = 2048;
const ON_GRPC_ANY =
  ON_GRPC_CANCELLED |
  ON_GRPC_DEADLINE_EXCEEDED |
  ON_GRPC_INTERNAL |
  ON_GRPC_RESOURCE_EXHAUSTED |
  ON_GRPC_UNAVAILABLE;

const CONDITION_BITS: Readonly<Record<string, number>> = {
  '5xx': ON_5XX,
  'gateway-error': ON_GATEWAY_ERROR,
  reset: ON_RESET,
  'reset-before-request': ON_RESET_BEFORE_REQUEST,
  'connect-failure': ON_CONNECT_FAILURE,
  'retriable-4xx': ON_RETRIABLE_4XX,
  'retriable-status-codes': ON_STATUS_CODES,
  cancelled: ON_GRPC_CANCELLED,
  'deadline-exceeded': ON_GRPC_DEADLINE_EXCEEDED,
  internal: ON_GRPC_INTERNAL,
  'resource-exhausted': ON_GRPC_RESOURCE_EXHAUSTED,
  unavailable: ON_GRPC_UNAVAILABLE,
};

/** gRPC status codes (grpc/status.h) the gRPC conditions name. */
const GRPC_STATUS_BIT: ReadonlyMap<number, number> = new Map([
  [1, ON_GRPC_CANCELLED],
  [4, ON_GRPC_DEADLINE_EXCEEDED],
  [8, ON_GRPC_RESOURCE_EXHAUSTED],
  [13, ON_GRPC_INTERNAL],
  [14, ON_GRPC_UNAVAILABLE],
]);

export interface CompiledRetryPolicy {
  /** Retries after the first try. */
  readonly retries: number;
  readonly perTryTimeoutMs: number;
  readonly hostSelectionRetryMaxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly on: number;
  readonly statusCodes: ReadonlySet<number>;
}

const compiled = new WeakMap<RetryPolicy, CompiledRetryPolicy>();

export function compileRetryPolicy(policy: RetryPolicy): CompiledRetryPolicy {
  let c = compiled.get(policy);
  if (c === undefined) {
    let on = 0;
    for (const condition of policy.retryOn) on |= CONDITION_BITS[condition.trim()] ?? 0;
    c = {
      retries: policy.attempts,
      perTryTimeoutMs: policy.perTryTimeoutMs ?? 0,
      hostSelectionRetryMaxAttempts: policy.hostSelectionRetryMaxAttempts,
      backoffBaseMs: policy.backoffBaseMs,
      backoffMaxMs: policy.backoffMaxMs,
      on,
      statusCodes: new Set(policy.retriableStatusCodes),
    };
    compiled.set(policy, c);
  }
  return c;
}

/** Whether Envoy would retry a try that answered `status` with these headers. */
export function retriableResponse(
  p: CompiledRetryPolicy,
  status: number,
  headers: IncomingHttpHeaders,
): boolean {
  const on = p.on;
  if (on & ON_5XX && status >= 500) return true;
  if (on & ON_GATEWAY_ERROR && (status === 502 || status === 503 || status === 504)) return true;
  if (on & ON_RETRIABLE_4XX && status === 409) return true;
  if (on & ON_STATUS_CODES && p.statusCodes.has(status)) return true;
  if (on & ON_GRPC_ANY) {
    const g = headers['grpc-status'];
    if (typeof g === 'string') {
      const bit = GRPC_STATUS_BIT.get(Number(g));
      if (bit !== undefined && on & bit) return true;
    }
  }
  return false;
}

/** Whether Envoy would retry a try that failed before any response (not an overflow). */
export function retriableFailure(p: CompiledRetryPolicy, connectFailure: boolean): boolean {
  if (p.on & (ON_RESET | ON_5XX | ON_GATEWAY_ERROR)) return true;
  return connectFailure && (p.on & (ON_CONNECT_FAILURE | ON_RESET_BEFORE_REQUEST)) !== 0;
}

/** Whether a per-try timeout is retried (Envoy treats it as a local reset). */
export function retriableTimeout(p: CompiledRetryPolicy): boolean {
  return (p.on & (ON_RESET | ON_5XX | ON_GATEWAY_ERROR)) !== 0;
}

/**
 * Envoy's fully jittered exponential back-off before retry number `retry` (1-based): a random
 * time below `(2^retry - 1) × base`, then capped at `max` (`JitteredExponentialBackOffStrategy`).
 */
export function backoffMs(p: CompiledRetryPolicy, retry: number, random = Math.random): number {
  const ceiling = ((1 << Math.min(retry, 20)) - 1) * p.backoffBaseMs;
  return Math.min(Math.floor(random() * ceiling), p.backoffMaxMs);
}
