import { localRateLimitSchema } from '@meshlens/mesh-core/routing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClock, testStats } from './fixtures.test-support.ts';
import { LocalRateLimiter } from './local-rate-limit.ts';
import type { RateLimitVerdict } from './local-rate-limit.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function limiter(config: Record<string, unknown>, random?: () => number) {
  const t = testStats();
  const l = new LocalRateLimiter(
    localRateLimitSchema.parse({ statPrefix: 'http_local_rate_limiter', ...config }),
    {
      stats: t.stats.localRateLimit('http_local_rate_limiter'),
      clock: fakeClock,
      ...(random ? { random } : {}),
    },
  );
  return {
    l,
    value: (stat: string) => t.value(`envoy_http_local_rate_limiter_http_local_rate_limit_${stat}`),
  };
}

const tenPerMinute = {
  tokenBucket: { maxTokens: 10, tokensPerFill: 10, fillIntervalMs: 60_000 },
  filterEnabledPercent: 100,
  filterEnforcedPercent: 100,
};

function run(l: LocalRateLimiter, n: number): RateLimitVerdict[] {
  return Array.from({ length: n }, () => l.decide());
}

describe('local rate limit', () => {
  it('bucket of 10/min: the 11th request is limited, and the bucket refills after the interval', () => {
    const { l } = limiter(tenPerMinute);
    expect(run(l, 10).every((v) => v === 'ok')).toBe(true);
    expect(l.decide()).toBe('limited');
    vi.advanceTimersByTime(60_000);
    expect(run(l, 10).every((v) => v === 'ok')).toBe(true);
    expect(l.decide()).toBe('limited');
  });

  it('refills at tokensPerFill per interval, never beyond maxTokens', () => {
    const { l } = limiter(tenPerMinute);
    run(l, 10);
    // Six seconds is a tenth of the interval: one token back.
    vi.advanceTimersByTime(6_000);
    expect(run(l, 2)).toEqual(['ok', 'limited']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(run(l, 11).filter((v) => v === 'ok')).toHaveLength(10);
  });

  it('counts enabled, ok, rate_limited and enforced as Envoy names them on /stats/prometheus', async () => {
    const { l, value } = limiter({ ...tenPerMinute, tokenBucket: { maxTokens: 1, fillIntervalMs: 60_000 } });
    run(l, 3);
    expect(await value('enabled')).toBe(3);
    expect(await value('ok')).toBe(1);
    expect(await value('rate_limited')).toBe(2);
    expect(await value('enforced')).toBe(2);
  });

  it('with filter_enabled at 0% (Envoy’s default) consults nothing and counts nothing', async () => {
    const { l, value } = limiter({ tokenBucket: tenPerMinute.tokenBucket });
    expect(run(l, 20).every((v) => v === 'off')).toBe(true);
    expect(await value('enabled')).toBe(0);
  });

  it('when enabled but not enforced, lets limited requests through and counts them', async () => {
    const { l, value } = limiter({
      tokenBucket: { maxTokens: 1, fillIntervalMs: 60_000 },
      filterEnabledPercent: 100,
    });
    expect(run(l, 3)).toEqual(['ok', 'shadow', 'shadow']);
    expect(await value('rate_limited')).toBe(2);
    expect(await value('enforced')).toBe(0);
  });

  it('draws enabled and enforced per request', () => {
    const draws = [0.2, 0.7, 0.2];
    const { l } = limiter(
      { ...tenPerMinute, tokenBucket: { maxTokens: 1, fillIntervalMs: 60_000 }, filterEnforcedPercent: 50 },
      () => draws.shift() ?? 0,
    );
    l.decide(); // takes the only token (enabled at 100% draws nothing)
    expect(l.decide()).toBe('limited'); // enforced draw 0.2 < 50%
    expect(l.decide()).toBe('shadow'); // enforced draw 0.7 ≥ 50%
  });

  it('limits nothing without a token bucket', () => {
    const { l } = limiter({ filterEnabledPercent: 100, filterEnforcedPercent: 100 });
    expect(run(l, 50).every((v) => v === 'ok')).toBe(true);
  });

  it('replies with the configured status and headers', () => {
    const { l } = limiter({
      ...tenPerMinute,
      status: 503,
      responseHeadersToAdd: [
        ['x-local-rate-limit', 'true'],
        ['X-Extra', 'a'],
        ['x-extra', 'b'],
      ],
    });
    expect(l.status).toBe(503);
    expect(l.responseHeaders).toEqual({ 'x-local-rate-limit': 'true', 'x-extra': ['a', 'b'] });
  });
});
