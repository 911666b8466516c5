import { describe, expect, it } from 'vitest';
import { LogTail } from './log-tail.ts';

/** A clock the test moves by hand. */
function manualClock(startMs = 1_000): { nowMs: () => number; advance: (ms: number) => void } {
  let now = startMs;
  return {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('LogTail', () => {
  it('joins lines split across chunks and keeps the line still being written', () => {
    const tail = new LogTail(10);
    tail.write('one\ntw');
    tail.write('o\nthr');
    expect(tail.lines()).toEqual(['one', 'two', 'thr']);
    expect(tail.text()).toBe('one\ntwo\nthr');
  });

  it('keeps only the last lines', () => {
    const tail = new LogTail(2);
    tail.write('a\nb\nc\nd\n');
    expect(tail.lines()).toEqual(['c', 'd']);
  });

  it('stamps each line with the time its first byte arrived', () => {
    const clock = manualClock();
    const tail = new LogTail(10, { nowMs: clock.nowMs });
    tail.write('first\nsec');
    clock.advance(50);
    tail.write('ond\nthird\nfou');
    clock.advance(50);
    expect(tail.entries()).toEqual([
      { text: 'first', receivedMs: 1_000 },
      { text: 'second', receivedMs: 1_000 },
      { text: 'third', receivedMs: 1_050 },
      { text: 'fou', receivedMs: 1_050 },
    ]);
    tail.write('rth\n');
    expect(tail.entries().at(-1)).toEqual({ text: 'fourth', receivedMs: 1_050 });
  });

  it('orders the lines of two tails as they arrived by default', async () => {
    const out = new LogTail(10);
    const err = new LogTail(10);
    out.write('a\n');
    err.write('b\n');
    await new Promise((r) => setTimeout(r, 2));
    out.write('c\n');
    const merged = [...out.entries(), ...err.entries()].sort((x, y) => x.receivedMs - y.receivedMs);
    expect(merged.map((e) => e.text)).toEqual(['a', 'b', 'c']);
  });
});
