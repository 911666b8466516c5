import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchTrace, takePrefetchedTrace } from './prefetch.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the trace prefetch', () => {
  it('starts one request per trace id and hands it over once', async () => {
    const fetch = vi.fn((_url: string) => Promise.resolve(new Response('{}')));
    vi.stubGlobal('fetch', fetch);
    prefetchTrace('ABC123');
    prefetchTrace('abc123');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/traces/ABC123');
    const started = takePrefetchedTrace('abc123');
    expect(await (await started)?.text()).toBe('{}');
    expect(takePrefetchedTrace('abc123')).toBeUndefined();
  });

  it('starts nothing for an invalid id', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    prefetchTrace('not-a-trace');
    prefetchTrace('');
    expect(fetch).not.toHaveBeenCalled();
    expect(takePrefetchedTrace('not-a-trace')).toBeUndefined();
  });

  it('aborts a request nobody claimed', () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => {
        signal = init.signal ?? undefined;
        return new Promise<Response>(() => undefined);
      }),
    );
    prefetchTrace('def');
    vi.advanceTimersByTime(20_000);
    expect(signal?.aborted).toBe(true);
    expect(takePrefetchedTrace('def')).toBeUndefined();
  });
});
