/**
 * Envoy's HTTP local rate limit filter (`envoy.filters.http.local_ratelimit`) for one filter or
 * per-route configuration.
 *
 * Token bucket, as Envoy ≥ 1.31 runs it by default (AtomicTokenBucketImpl, no fill timer): it
 * starts full at `maxTokens` and refills continuously at `tokensPerFill / fillInterval`, capped at
 * `maxTokens`, computed from the clock when a request takes a token. A request takes one whole
 * token or is limited. (Envoy's older timer bucket added `tokensPerFill` at once every interval;
 * both allow `maxTokens` at once and `tokensPerFill` per interval on average.)
 *
 * Per request (local_ratelimit.cc `decodeHeaders`): with probability `filterEnabledPercent` the
 * limit is consulted (`enabled`); a token means `ok`; none means `rate_limited`, and with
 * probability `filterEnforcedPercent` the request is refused (`enforced`), otherwise it goes on.
 * A configuration without a bucket limits nothing.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { LocalRateLimit } from '@meshlens/mesh-core/routing';
import type { Clock } from './clock.ts';
import type { LocalRateLimitStats } from './stats.ts';

/**
 * - `off`: not consulted for this request (filter_enabled);
 * - `ok`: a token was taken;
 * - `shadow`: no token, but not enforced for this request: it goes on;
 * - `limited`: refused: answer `status` with body `local_rate_limited`, flag RL, details
 *   `local_rate_limited`, and `responseHeaders`.
 */
export type RateLimitVerdict = 'off' | 'ok' | 'shadow' | 'limited';

export type TokenBucketSpec = NonNullable<LocalRateLimit['tokenBucket']>;

export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly spec: TokenBucketSpec,
    now: number,
  ) {
    this.#tokens = spec.maxTokens;
    this.#last = now;
  }

  /** Tokens available at `now` (fractional while refilling). */
  available(now: number): number {
    const { maxTokens, tokensPerFill, fillIntervalMs } = this.spec;
    // Multiply before dividing: a whole interval adds exactly tokensPerFill.
    const refill = ((now - this.#last) * tokensPerFill) / fillIntervalMs;
    return Math.min(maxTokens, this.#tokens + Math.max(0, refill));
  }

  tryTake(now: number): boolean {
    const tokens = this.available(now);
    this.#last = now;
    if (tokens < 1) {
      this.#tokens = tokens;
      return false;
    }
    this.#tokens = tokens - 1;
    return true;
  }
}

function chance(percent: number, random: () => number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return random() * 100 < percent;
}

function headersOf(pairs: readonly (readonly [string, string])[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    const prior = out[name];
    out[name] = prior === undefined ? value : [...[prior].flat(), value];
  }
  return Object.freeze(out);
}

export interface LocalRateLimiterDeps {
  readonly stats: LocalRateLimitStats;
  readonly clock: Clock;
  readonly random?: () => number;
}

export class LocalRateLimiter {
  /** The status of a refused request. */
  readonly status: number;
  /** Headers for a refused request's reply (Envoy's `response_headers_to_add`). */
  readonly responseHeaders: OutgoingHttpHeaders;
  readonly #bucket: TokenBucket | undefined;
  readonly #random: () => number;

  constructor(
    readonly config: LocalRateLimit,
    private readonly deps: LocalRateLimiterDeps,
  ) {
    this.status = config.status;
    this.responseHeaders = headersOf(config.responseHeadersToAdd);
    this.#bucket = config.tokenBucket ? new TokenBucket(config.tokenBucket, deps.clock.now()) : undefined;
    this.#random = deps.random ?? Math.random;
  }

  decide(): RateLimitVerdict {
    const { config, deps } = this;
    if (!chance(config.filterEnabledPercent, this.#random)) return 'off';
    deps.stats.enabled.inc();
    if (this.#bucket === undefined || this.#bucket.tryTake(deps.clock.now())) {
      deps.stats.ok.inc();
      return 'ok';
    }
    deps.stats.rateLimited.inc();
    if (!chance(config.filterEnforcedPercent, this.#random)) return 'shadow';
    deps.stats.enforced.inc();
    return 'limited';
  }
}
