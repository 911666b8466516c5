import { describe, expect, it } from 'vitest';
import type { EdgeFlow } from './traffic-animation.ts';
import {
  EMPTY_ANIMATION,
  advance,
  isErrorDot,
  pointOnEdge,
  spawnIntervalMs,
  travelTimeMs,
} from './traffic-animation.ts';

const flow = (f: Partial<EdgeFlow>): EdgeFlow => ({
  id: 'e',
  rate: 1,
  percentErr: 0,
  responseTimeMs: 10,
  ...f,
});

describe('dot density follows the request rate', () => {
  it.each([
    [0, Number.POSITIVE_INFINITY],
    [1, 1000],
    [4, 250],
    [1000, 60],
    [0.01, 2500],
  ])('rate %d → one dot every %d ms', (rate, interval) => {
    expect(spawnIntervalMs(rate)).toBe(interval);
  });
});

describe('dot speed follows the response time', () => {
  it('takes longer on slower edges, within bounds', () => {
    const times = [0, 5, 50, 500, 5000].map(travelTimeMs);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] ?? 0);
    expect(times[0]).toBe(700);
    expect(travelTimeMs(1e9)).toBe(5000);
  });
});

describe('error dots', () => {
  it.each([
    [0, 0, false],
    [25, 0.2, true],
    [25, 0.3, false],
    [100, 0.99, true],
  ])('at %d%% errors, random %d → red %s', (pct, r, red) => {
    expect(isErrorDot(pct, () => r)).toBe(red);
  });
});

describe('pointOnEdge', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('starts at the source, passes the midpoint, ends at the target', () => {
    const mid = { x: 50, y: 20 };
    expect(pointOnEdge(a, mid, b, 0)).toEqual(a);
    expect(pointOnEdge(a, mid, b, 1)).toEqual(b);
    const half = pointOnEdge(a, mid, b, 0.5);
    expect(half.x).toBeCloseTo(50);
    expect(half.y).toBeCloseTo(20);
  });
});

describe('advance', () => {
  const random = () => 0;

  it('spawns one dot per interval and drops arrived dots', () => {
    const flows = [flow({ id: 'e', rate: 10, responseTimeMs: 0 })];
    let state = advance(EMPTY_ANIMATION, flows, 0, random);
    expect(state.dots).toHaveLength(1);
    state = advance(state, flows, 100, random);
    expect(state.dots).toHaveLength(2);
    // Each dot travels 700 ms: by 750 the first has arrived.
    state = advance(state, flows, 750, random);
    expect(state.dots.every((d) => d.bornMs > 0)).toBe(true);
  });

  it('spawns no dots on an edge without traffic and forgets edges that vanished', () => {
    let state = advance(EMPTY_ANIMATION, [flow({ id: 'a' }), flow({ id: 'idle', rate: 0 })], 0, random);
    expect(state.dots.map((d) => d.edgeId)).toEqual(['a']);
    state = advance(state, [flow({ id: 'b' })], 10, random);
    expect(state.dots.map((d) => d.edgeId)).toEqual(['b']);
  });

  it('does not flood an edge after a long pause', () => {
    const flows = [flow({ rate: 100 })];
    const state = advance(advance(EMPTY_ANIMATION, flows, 0, random), flows, 60_000, random);
    expect(state.dots.length).toBeLessThanOrEqual(4);
  });

  it('colours dots red in proportion to errors', () => {
    let n = 0;
    const cycling = () => ((n++ % 10) + 0.5) / 10;
    let state = EMPTY_ANIMATION;
    const flows = [flow({ rate: 1000, percentErr: 30, responseTimeMs: 1e6 })];
    for (let t = 0; t < 600; t += 10) state = advance(state, flows, t, cycling);
    const red = state.dots.filter((d) => d.error).length / state.dots.length;
    expect(red).toBeGreaterThan(0.15);
    expect(red).toBeLessThan(0.45);
  });
});
