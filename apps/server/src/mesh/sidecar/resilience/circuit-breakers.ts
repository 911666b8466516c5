/**
 * A cluster's circuit breakers (Envoy's default-priority thresholds, as Istio's `connectionPool`
 * sets them), with HTTP/1 semantics: one request per connection, so a try beyond
 * `maxConnections` in flight waits for a connection, and beyond `maxConnections +
 * maxPendingRequests` overflows.
 *
 * Counters move as Envoy's connection pool moves them (conn_pool_base.cc):
 * - a try that must wait because no connection may be opened: `upstream_cx_overflow` (it is
 *   still admitted, as a pending request);
 * - a try refused because the pending queue is full, or because `maxRequests` are in flight:
 *   `upstream_rq_pending_overflow` (Envoy counts both overflows there).
 * Retry overflow (`upstream_rq_retry_overflow`) is counted by the router, which decides what the
 * client gets instead.
 *
 * The counts live as long as the cluster does, across snapshot swaps; a swap only changes the
 * thresholds.
 */
import type { ConnectionPool } from '@meshlens/mesh-core/routing';
import type { Increment } from './clock.ts';
import type { CircuitBreakers as CircuitBreakersContract } from './contracts.ts';

export type BreakerThresholds = Pick<
  ConnectionPool,
  'maxConnections' | 'maxPendingRequests' | 'maxRequests' | 'maxRetries'
>;

export interface BreakerCounters {
  readonly upstream_rq_pending_overflow: Increment;
  readonly upstream_cx_overflow: Increment;
}

export class CircuitBreakers implements CircuitBreakersContract {
  #thresholds: BreakerThresholds;
  /** Tries in flight: on a connection or waiting for one. */
  #requests = 0;
  #retries = 0;

  constructor(
    thresholds: BreakerThresholds,
    private readonly counters: BreakerCounters,
  ) {
    this.#thresholds = thresholds;
  }

  get thresholds(): BreakerThresholds {
    return this.#thresholds;
  }

  /** Tries in flight, and how many of them wait for a connection. */
  get requests(): number {
    return this.#requests;
  }

  get pending(): number {
    return Math.max(0, this.#requests - this.#thresholds.maxConnections);
  }

  get retries(): number {
    return this.#retries;
  }

  update(thresholds: BreakerThresholds): void {
    this.#thresholds = thresholds;
  }

  admitRequest(): boolean {
    const t = this.#thresholds;
    const inFlight = this.#requests;
    if (inFlight >= t.maxConnections) {
      if (inFlight - t.maxConnections >= t.maxPendingRequests || inFlight >= t.maxRequests) {
        this.counters.upstream_rq_pending_overflow.inc();
        return false;
      }
      this.counters.upstream_cx_overflow.inc();
    } else if (inFlight >= t.maxRequests) {
      this.counters.upstream_rq_pending_overflow.inc();
      return false;
    }
    this.#requests = inFlight + 1;
    return true;
  }

  releaseRequest(): void {
    if (this.#requests > 0) this.#requests--;
  }

  admitRetry(): boolean {
    if (this.#retries >= this.#thresholds.maxRetries) return false;
    this.#retries++;
    return true;
  }

  releaseRetry(): void {
    if (this.#retries > 0) this.#retries--;
  }
}
