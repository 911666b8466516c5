import { describe, expect, it } from 'vitest';
import { localRateLimitType, parseLocalRateLimit } from './local-rate-limit-config.ts';

const typedStruct = (value: Record<string, unknown>) => ({
  '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
  type_url: localRateLimitType,
  value,
});

const taskConfig = {
  stat_prefix: 'http_local_rate_limiter',
  token_bucket: { max_tokens: 4, tokens_per_fill: 4, fill_interval: '60s' },
  filter_enabled: {
    runtime_key: 'local_rate_limit_enabled',
    default_value: { numerator: 100, denominator: 'HUNDRED' },
  },
  filter_enforced: {
    runtime_key: 'local_rate_limit_enforced',
    default_value: { numerator: 100, denominator: 'HUNDRED' },
  },
  response_headers_to_add: [{ append: false, header: { key: 'x-local-rate-limit', value: 'true' } }],
};

const taskLimit = {
  statPrefix: 'http_local_rate_limiter',
  tokenBucket: { maxTokens: 4, tokensPerFill: 4, fillIntervalMs: 60_000 },
  filterEnabledPercent: 100,
  filterEnforcedPercent: 100,
  responseHeadersToAdd: [['x-local-rate-limit', 'true']],
  status: 429,
};

describe('parseLocalRateLimit', () => {
  it.each([
    ['a TypedStruct', typedStruct(taskConfig)],
    [
      'the xds TypedStruct',
      { ...typedStruct(taskConfig), '@type': 'type.googleapis.com/xds.type.v3.TypedStruct' },
    ],
    ['the message itself', { '@type': localRateLimitType, ...taskConfig }],
    [
      'the message with JSON field names',
      {
        '@type': localRateLimitType,
        statPrefix: 'http_local_rate_limiter',
        tokenBucket: { maxTokens: '4', tokensPerFill: 4, fillInterval: '60s' },
        filterEnabled: { defaultValue: { numerator: 100 } },
        filterEnforced: { defaultValue: { numerator: 1_000_000, denominator: 'MILLION' } },
        responseHeadersToAdd: [
          {
            appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD',
            header: { key: 'X-Local-Rate-Limit', value: 'true' },
          },
        ],
      },
    ],
  ])('reads the rate limit task config from %s', (_, typed) => {
    expect(parseLocalRateLimit(typed, { perRoute: false })).toEqual(taskLimit);
  });

  it("fills Envoy's defaults: no bucket, 0% enabled and enforced, 429", () => {
    expect(parseLocalRateLimit(typedStruct({ stat_prefix: 'p' }), { perRoute: false })).toEqual({
      statPrefix: 'p',
      filterEnabledPercent: 0,
      filterEnforcedPercent: 0,
      responseHeadersToAdd: [],
      status: 429,
    });
  });

  it.each([
    [{ code: 'BadRequest' }, 400],
    [{ code: 503 }, 503],
    [{ code: 'OK' }, 429],
  ])('reads status %j as %i (under 400: 429)', (status, code) => {
    expect(parseLocalRateLimit(typedStruct({ stat_prefix: 'p', status }), { perRoute: false })?.status).toBe(
      code,
    );
  });

  it.each([
    [{ numerator: 5, denominator: 'TEN_THOUSAND' }, 0.05],
    [{ numerator: 250 }, 100],
  ])('reads the fraction %j as %f%', (default_value, percent) => {
    const limit = parseLocalRateLimit(typedStruct({ stat_prefix: 'p', filter_enabled: { default_value } }), {
      perRoute: false,
    });
    expect(limit?.filterEnabledPercent).toBe(percent);
  });

  it.each([
    ['no stat_prefix', { token_bucket: taskConfig.token_bucket }, false],
    ['a bucket without max_tokens', { stat_prefix: 'p', token_bucket: { fill_interval: '1s' } }, false],
    [
      'a fill interval under 50 ms',
      { stat_prefix: 'p', token_bucket: { max_tokens: 1, fill_interval: '0.01s' } },
      false,
    ],
    [
      'a Go-style duration',
      { stat_prefix: 'p', token_bucket: { max_tokens: 1, fill_interval: '1m' } },
      false,
    ],
    ['an unknown status', { stat_prefix: 'p', status: { code: 'Teapot' } }, false],
    ['a per-route config without a bucket', { stat_prefix: 'p' }, true],
  ])('refuses %s, as Envoy would', (_, value, perRoute) => {
    expect(parseLocalRateLimit(typedStruct(value), { perRoute })).toBeUndefined();
  });

  it('ignores other filters’ configs', () => {
    const other = {
      ...typedStruct(taskConfig),
      type_url: 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
    };
    expect(parseLocalRateLimit(other, { perRoute: false })).toBeUndefined();
  });
});
