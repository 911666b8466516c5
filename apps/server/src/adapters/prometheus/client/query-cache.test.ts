import { describe, expect, it } from 'vitest';
import { QueryCache } from './query-cache.ts';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('QueryCache', () => {
  it('shares one load between concurrent callers of a key, and a rejection too', async () => {
    const cache = new QueryCache({ ttlMs: 1000, maxEntries: 10 });
    const pending = deferred<number>();
    let loads = 0;
    const load = (): Promise<number> => {
      loads++;
      return pending.promise;
    };
    const calls = [cache.get('k', load), cache.get('k', load), cache.get('k', load)];
    pending.reject(new Error('down'));
    for (const call of calls) await expect(call).rejects.toThrow('down');
    expect(loads).toBe(1);
    expect(await cache.get('k', () => Promise.resolve(2))).toBe(2);
  });

  it('expires a value ttlMs after it arrived', async () => {
    let now = 0;
    const cache = new QueryCache({ ttlMs: 1000, maxEntries: 10, clock: () => now });
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    expect(await cache.get('k', load)).toBe(1);
    now = 999;
    expect(await cache.get('k', load)).toBe(1);
    now = 1000;
    expect(await cache.get('k', load)).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('never holds more than maxEntries values', async () => {
    const cache = new QueryCache({ ttlMs: 1000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) await cache.get(`k${i}`, () => Promise.resolve(i));
    expect(cache.size).toBe(3);
  });

  it.each([
    [{ ttlMs: -1, maxEntries: 1 }, /ttlMs -1/],
    [{ ttlMs: 1, maxEntries: 1.5 }, /maxEntries 1.5/],
  ])('refuses %j', (options, message) => {
    expect(() => new QueryCache(options)).toThrow(message);
  });
});
