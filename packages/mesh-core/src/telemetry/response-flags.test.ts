import { describe, expect, it } from 'vitest';
import type { ResponseFlag } from './response-flags.ts';
import {
  RESPONSE_FLAGS,
  formatResponseFlags,
  formatResponseFlagsLong,
  isResponseFlag,
  parseResponseFlags,
  responseFlagLongName,
} from './response-flags.ts';

describe('RESPONSE_FLAGS', () => {
  it('has one entry per short code and per long name', () => {
    const codes = RESPONSE_FLAGS.map((flag) => flag.code);
    const names = RESPONSE_FLAGS.map((flag) => flag.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("starts in Envoy's enum order (LH, UH, UT, LR, UR, UF, UC, UO, NR)", () => {
    expect(RESPONSE_FLAGS.slice(0, 9).map((flag) => flag.code)).toEqual([
      'LH',
      'UH',
      'UT',
      'LR',
      'UR',
      'UF',
      'UC',
      'UO',
      'NR',
    ]);
  });

  it.each([
    ['UH', 'NoHealthyUpstream'],
    ['UF', 'UpstreamConnectionFailure'],
    ['UO', 'UpstreamOverflow'],
    ['NR', 'NoRouteFound'],
    ['URX', 'UpstreamRetryLimitExceeded'],
    ['NC', 'NoClusterFound'],
    ['DT', 'DurationTimeout'],
    ['DC', 'DownstreamConnectionTermination'],
    ['UT', 'UpstreamRequestTimeout'],
    ['UC', 'UpstreamConnectionTermination'],
    ['DI', 'DelayInjected'],
    ['FI', 'FaultInjected'],
    ['RL', 'RateLimited'],
    ['OM', 'OverloadManagerTerminated'],
    ['DF', 'DnsResolutionFailed'],
    ['DR', 'DownstreamRemoteReset'],
  ] as const)('%s is %s', (code, name) => {
    expect(responseFlagLongName(code)).toBe(name);
  });
});

describe('formatResponseFlags', () => {
  it.each<[readonly ResponseFlag[], string, string]>([
    [[], '-', '-'],
    [['UH'], 'UH', 'NoHealthyUpstream'],
    [['UF', 'URX'], 'UF,URX', 'UpstreamConnectionFailure,UpstreamRetryLimitExceeded'],
    // Envoy keeps the order flags were set in, not the enum order.
    [['URX', 'UF'], 'URX,UF', 'UpstreamRetryLimitExceeded,UpstreamConnectionFailure'],
    [['DI', 'FI', 'DI'], 'DI,FI', 'DelayInjected,FaultInjected'],
  ])('%j → %s', (flags, short, long) => {
    expect(formatResponseFlags(flags)).toBe(short);
    expect(formatResponseFlagsLong(flags)).toBe(long);
  });
});

describe('parseResponseFlags', () => {
  it.each([
    ['-', [], []],
    ['', [], []],
    ['UH', ['UH'], []],
    ['UF,URX', ['UF', 'URX'], []],
    ['UAEX,XX', ['UAEX'], ['XX']],
  ])('%j', (text, flags, unknown) => {
    expect(parseResponseFlags(text)).toEqual({ flags, unknown });
  });

  it('reads back what it formats', () => {
    const flags: ResponseFlag[] = ['DC', 'UMSDR', 'DPE'];
    expect(parseResponseFlags(formatResponseFlags(flags)).flags).toEqual(flags);
  });

  it('recognises only short codes', () => {
    expect(isResponseFlag('UH')).toBe(true);
    expect(isResponseFlag('NoHealthyUpstream')).toBe(false);
    expect(isResponseFlag('uh')).toBe(false);
  });
});
