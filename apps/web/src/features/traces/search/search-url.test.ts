import { describe, expect, it } from 'vitest';
import type { TraceSearchState } from './search-url.ts';
import { DEFAULT_SEARCH, readSearchState, searchRequest, writeSearchState } from './search-url.ts';

const NOW_US = 1_767_225_600_000_000;

describe('trace search URL', () => {
  it('round-trips a search through the URL', () => {
    const state: TraceSearchState = {
      service: 'reviews.default',
      operation: 'ratings.default.svc.cluster.local:9080/*',
      tags: 'error=true http.url="a b"',
      minDuration: '10ms',
      maxDuration: '1.5s',
      limit: 50,
      lookback: 'custom',
      startUs: 1,
      endUs: 2,
      sort: 'LONGEST_FIRST',
    };

    expect(readSearchState(writeSearchState(state))).toEqual(state);
  });

  it('reads unknown or bad values as the defaults', () => {
    const state = readSearchState(new URLSearchParams('lookback=3w&limit=-4&sort=random&start=x'));

    expect(state).toEqual(DEFAULT_SEARCH);
  });

  it("turns a lookback into the window ending now, tags into Jaeger's JSON", () => {
    const request = searchRequest(
      { ...DEFAULT_SEARCH, service: 's', tags: 'error', lookback: '15m' },
      NOW_US,
    );

    expect(request).toEqual({
      query: {
        service: 's',
        operation: undefined,
        tags: '{"error":"true"}',
        minDuration: undefined,
        maxDuration: undefined,
        limit: 20,
        startMicros: NOW_US - 900_000_000,
        endMicros: NOW_US,
      },
    });
  });

  it.each([
    [{ service: '' }, 'Service'],
    [{ service: 's', tags: 'k="open' }, 'Tags'],
    [{ service: 's', lookback: 'custom' as const }, 'Start'],
    [{ service: 's', lookback: 'custom' as const, startUs: 5, endUs: 4 }, 'Start'],
  ])('names the field a search cannot be made from: %j', (patch, field) => {
    expect(searchRequest({ ...DEFAULT_SEARCH, ...patch }, NOW_US)).toMatchObject({ field });
  });
});
