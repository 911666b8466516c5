/**
 * Time as the resilience machinery reads it: a monotonic clock in milliseconds and a repeating
 * timer that never keeps the process alive. Injected so tests can drive time (vitest fake timers
 * with a clock reading `Date.now()`).
 */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called; the timer is unref'd. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  },
};

/** Anything with an `inc()`: a bound prom-client child, or a test double. */
export interface Increment {
  inc(): void;
}
