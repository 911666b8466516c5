import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from './debounce.ts';

describe('push debounce (PILOT_DEBOUNCE_AFTER / PILOT_DEBOUNCE_MAX)', () => {
  let runs: number[];
  let debounce: Debouncer;

  beforeEach(() => {
    vi.useFakeTimers();
    runs = [];
    debounce = new Debouncer({
      afterMs: 100,
      maxMs: 1_000,
      run: () => runs.push(Date.now()),
      now: () => Date.now(),
    });
  });
  afterEach(() => {
    debounce.cancel();
    vi.useRealTimers();
  });

  it('pushes a lone change once the quiet period has passed, not before', () => {
    const start = Date.now();
    expect(debounce.pending).toBe(false);
    debounce.trigger();
    expect(debounce.pending).toBe(true);
    vi.advanceTimersByTime(99);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start + 100]);
    expect(debounce.pending).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(runs).toHaveLength(1);
  });

  it('coalesces a burst into one push, 100 ms after its last change', () => {
    const start = Date.now();
    for (let i = 0; i < 5; i++) {
      debounce.trigger();
      vi.advanceTimersByTime(30);
    }
    // Last change at +120: the push comes at +220.
    vi.advanceTimersByTime(69);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start + 220]);
  });

  it('pushes after at most debounceMax while changes keep coming, then debounces again', () => {
    const start = Date.now();
    for (let t = 0; t < 1_500; t += 50) {
      debounce.trigger();
      vi.advanceTimersByTime(50);
    }
    expect(runs[0]).toBe(start + 1_000);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(runs).toHaveLength(2);
  });

  it('runs nothing once cancelled', () => {
    debounce.trigger();
    debounce.cancel();
    vi.advanceTimersByTime(1_000);
    expect(runs).toEqual([]);
  });
});
