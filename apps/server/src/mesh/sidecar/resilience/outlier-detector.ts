/**
 * Passive outlier detection for one cluster, as Envoy's outlier_detection_impl.cc does it with
 * `split_external_local_origin_errors: false` (Istio's setting): every try's outcome is an HTTP
 * status (a connect failure or reset counts as 503, a timeout as 504).
 *
 * - Each host counts consecutive 5xx and consecutive gateway errors (502/503/504); any other
 *   status resets both, a non-gateway 5xx resets the gateway count. A count reaching its
 *   threshold (exactly: Envoy compares with `==`) ejects the host at once, then that count
 *   starts over. 0 turns a detector off.
 * - An ejection is allowed only while `100 × (ejected + 1) / hosts ≤ maxEjectionPercent` (Envoy
 *   since 1.28 checks this on the first ejection too, so 10% of fewer than 10 hosts ejects
 *   nothing; `always_eject_one_host`, which Istio does not set, would allow one).
 * - Ejection time: `baseEjectionTime × backoff`, capped at `max_ejection_time` (300 s or
 *   baseEjectionTime, whichever is larger). Each ejection raises the backoff by one while
 *   `backoff × base < max + base`; on each sweep a host that has stayed in service for an
 *   interval since its last return loses one.
 * - Hosts return to service only on the sweep every `interval`, once their time is served: an
 *   ejection lasts at least its time and at most its time plus one interval. A returning host's
 *   counters start over.
 *
 * State is per address and survives snapshot swaps; `version` moves on every ejection and return
 * so load balancers rebuild their healthy set only then.
 */
import type { OutlierDetection } from '@meshlens/mesh-core/routing';
import type { Clock } from './clock.ts';
import type { OutlierDetector as OutlierDetectorContract, TryOutcome } from './contracts.ts';
import type { OutlierStats } from './stats.ts';

/** Envoy's DEFAULT_MAX_EJECTION_TIME_MS. */
const DEFAULT_MAX_EJECTION_TIME_MS = 300_000;

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejected: boolean;
  ejectedAt: number;
  /** Envoy's ejectTimeBackoff: multiplies baseEjectionTime. */
  backoff: number;
  ejections: number;
  returnedAt: number | undefined;
}

type Kind = 'consecutive_5xx' | 'consecutive_gateway_failure';

export function statusOf(outcome: TryOutcome): number {
  switch (outcome) {
    case 'connect-failure':
    case 'reset':
      return 503;
    case 'timeout':
      return 504;
    default:
      return outcome;
  }
}

export class OutlierDetector implements OutlierDetectorContract {
  readonly #hosts = new Map<string, HostState>();
  #config: OutlierDetection;
  #ejected = 0;
  #version = 0;
  #stopTimer: (() => void) | undefined;

  constructor(
    config: OutlierDetection,
    private readonly stats: OutlierStats,
    private readonly clock: Clock,
  ) {
    this.#config = config;
    this.#arm();
    stats.ejectionsActive.set(0);
  }

  /** Moves on every ejection and return to service. */
  get version(): number {
    return this.#version;
  }

  get config(): OutlierDetection {
    return this.#config;
  }

  get ejectedCount(): number {
    return this.#ejected;
  }

  isEjected(address: string): boolean {
    return this.#hosts.get(address)?.ejected === true;
  }

  /** Times `address` has been ejected (Envoy's num_ejections). */
  ejections(address: string): number {
    return this.#hosts.get(address)?.ejections ?? 0;
  }

  update(config: OutlierDetection): void {
    const rearm = config.intervalMs !== this.#config.intervalMs;
    this.#config = config;
    if (rearm) this.#arm();
  }

  /** The cluster's endpoints now: new ones start healthy, gone ones are forgotten. */
  setHosts(addresses: Iterable<string>): void {
    const keep = new Set(addresses);
    for (const [address, host] of this.#hosts) {
      if (keep.has(address)) continue;
      this.#hosts.delete(address);
      if (host.ejected) this.#countEjected(-1);
    }
    for (const address of keep)
      if (!this.#hosts.has(address))
        this.#hosts.set(address, {
          consecutive5xx: 0,
          consecutiveGateway: 0,
          ejected: false,
          ejectedAt: 0,
          backoff: 0,
          ejections: 0,
          returnedAt: undefined,
        });
  }

  report(address: string, outcome: TryOutcome): void {
    const host = this.#hosts.get(address);
    if (host === undefined) return;
    const status = statusOf(outcome);
    if (status < 500 || status > 599) {
      host.consecutive5xx = 0;
      host.consecutiveGateway = 0;
      return;
    }
    if (status >= 502 && status <= 504) {
      if (++host.consecutiveGateway === this.#config.consecutiveGatewayErrors)
        this.#onConsecutive(host, 'consecutive_gateway_failure');
    } else host.consecutiveGateway = 0;
    if (++host.consecutive5xx === this.#config.consecutive5xxErrors)
      this.#onConsecutive(host, 'consecutive_5xx');
  }

  /** Stops the sweep and forgets every ejection (the cluster or its detection is gone). */
  stop(): void {
    this.#stopTimer?.();
    this.#stopTimer = undefined;
    if (this.#ejected > 0) this.#version++;
    for (const host of this.#hosts.values()) host.ejected = false;
    this.#ejected = 0;
    this.stats.ejectionsActive.set(0);
  }

  /** The interval sweep; public so tests and the timer share one path. */
  sweep(): void {
    const now = this.clock.now();
    const { baseEjectionTimeMs: base, intervalMs } = this.#config;
    const max = Math.max(DEFAULT_MAX_EJECTION_TIME_MS, base);
    for (const host of this.#hosts.values())
      if (host.ejected && Math.min(base * host.backoff, max) <= now - host.ejectedAt) this.#return(host, now);
    for (const host of this.#hosts.values())
      if (
        !host.ejected &&
        host.returnedAt !== undefined &&
        now - host.returnedAt >= intervalMs &&
        host.backoff > 0
      )
        host.backoff--;
  }

  #arm(): void {
    this.#stopTimer?.();
    this.#stopTimer = this.clock.every(this.#config.intervalMs, () => {
      this.sweep();
    });
  }

  #onConsecutive(host: HostState, kind: Kind): void {
    // Envoy ignores a threshold reached by a host already out, and leaves its count as it is.
    if (host.ejected) return;
    if (kind === 'consecutive_5xx') this.stats.ejectionsDetectedConsecutive5xx.inc();
    else this.stats.ejectionsDetectedConsecutiveGatewayFailure.inc();
    this.#eject(host, kind);
    if (kind === 'consecutive_5xx') host.consecutive5xx = 0;
    else host.consecutiveGateway = 0;
  }

  #eject(host: HostState, kind: Kind): void {
    const { maxEjectionPercent, baseEjectionTimeMs: base } = this.#config;
    if ((100 * (this.#ejected + 1)) / this.#hosts.size > Math.min(100, maxEjectionPercent)) {
      this.stats.ejectionsOverflow.inc();
      return;
    }
    host.ejected = true;
    host.ejectedAt = this.clock.now();
    host.ejections++;
    const max = Math.max(DEFAULT_MAX_EJECTION_TIME_MS, base);
    if (host.backoff * base < max + base) host.backoff++;
    this.#countEjected(1);
    this.stats.ejectionsEnforcedTotal.inc();
    if (kind === 'consecutive_5xx') this.stats.ejectionsEnforcedConsecutive5xx.inc();
    else this.stats.ejectionsEnforcedConsecutiveGatewayFailure.inc();
  }

  #return(host: HostState, now: number): void {
    host.ejected = false;
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    host.returnedAt = now;
    this.#countEjected(-1);
  }

  #countEjected(delta: number): void {
    this.#ejected += delta;
    this.#version++;
    this.stats.ejectionsActive.set(this.#ejected);
  }
}
