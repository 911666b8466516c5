/**
 * A short-lived cache of identical Prometheus calls, with in-flight deduplication: while a call
 * for a key is running, every other caller of that key shares its promise (N identical concurrent
 * calls make one HTTP request); once it succeeds its value is served for `ttlMs`; failures are
 * never kept, so the next caller tries again. At most `maxEntries` values are kept, the least
 * recently used dropped first (a Map keeps insertion order; a hit re-inserts its entry).
 *
 * The console asks the same queries from every open tab and panel within a refresh interval;
 * this keeps that from multiplying the load on Prometheus. Values are shared between callers and
 * must not be mutated (the client's result types are readonly).
 */

export interface QueryCacheOptions {
  /** How long a value is served after it arrived; 0 keeps nothing but still deduplicates. */
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** Milliseconds since the epoch; `Date.now` unless a test drives time. */
  readonly clock?: () => number;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAtMs: number;
}

export class QueryCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #values = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: QueryCacheOptions) {
    if (!(options.ttlMs >= 0)) throw new RangeError(`cache ttlMs ${options.ttlMs} is not ≥ 0`);
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 0) {
      throw new RangeError(`cache maxEntries ${options.maxEntries} is not a whole number ≥ 0`);
    }
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#clock = options.clock ?? Date.now;
  }

  /** Number of values kept (expired ones included until they are next looked up or evicted). */
  get size(): number {
    return this.#values.size;
  }

  /**
   * The value for `key`: kept, in flight, or loaded now. A key must always be loaded by the
   * same kind of call (the client puts the API path in every key), so its value has type T.
   */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.#values.get(key);
    if (kept !== undefined) {
      this.#values.delete(key);
      if (kept.expiresAtMs > this.#clock()) {
        this.#values.set(key, kept);
        // The value was stored by `load` of this key, which returns T (see above).
        return Promise.resolve(kept.value as T);
      }
    }
    const running = this.#inFlight.get(key);
    // Same reasoning: the promise in flight for this key is a `load` of this key.
    if (running !== undefined) return running as Promise<T>;

    const loading = (async () => {
      try {
        const value = await load();
        this.#keep(key, value);
        return value;
      } finally {
        // Always after the `set` below: an async function runs on past its first await later.
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, loading);
    return loading;
  }

  #keep(key: string, value: unknown): void {
    if (this.#ttlMs === 0 || this.#maxEntries === 0) return;
    this.#values.set(key, { value, expiresAtMs: this.#clock() + this.#ttlMs });
    for (const oldest of this.#values.keys()) {
      if (this.#values.size <= this.#maxEntries) break;
      this.#values.delete(oldest);
    }
  }
}
