import { describe, expect, it } from 'vitest';
import type { CriticalPathNode } from './critical-path.ts';
import { computeCriticalPath } from './critical-path.ts';

/** [start, end, parent index, FOLLOWS_FROM?] in tree order. */
type Row = readonly [number, number, number, boolean?];
const nodes = (rows: readonly Row[]): CriticalPathNode[] =>
  rows.map(([start, end, parent, followsFrom]) => ({
    start,
    duration: end - start,
    parent,
    followsFrom: followsFrom ?? false,
  }));
const sections = (rows: readonly Row[]): Array<[number, number, number]> =>
  computeCriticalPath(nodes(rows)).sections.map((s) => [s.spanIndex, s.startUs, s.endUs]);

describe('computeCriticalPath (Jaeger UI’s algorithm)', () => {
  it.each<[string, Row[], Array<[number, number, number]>]>([
    ['a lone span is wholly on the path', [[0, 10, -1]], [[0, 0, 10]]],
    [
      // Jaeger UI's test2: X [1,101], A [10,50], C [20,60] → X 60–101, C 20–60, X 1–20.
      'Jaeger’s test 2: the later-ending child, then the parent before it; A overlaps C so is off it',
      [
        [1, 101, -1],
        [10, 50, 0],
        [20, 60, 0],
      ],
      [
        [0, 60, 101],
        [2, 20, 60],
        [0, 1, 20],
      ],
    ],
    [
      'sequential children: each one, with the parent’s gaps between them',
      [
        [0, 100, -1],
        [10, 30, 0],
        [40, 70, 0],
      ],
      [
        [0, 70, 100],
        [2, 40, 70],
        [0, 30, 40],
        [1, 10, 30],
        [0, 0, 10],
      ],
    ],
    [
      'nested: the walk goes down the last-finishing chain and back up',
      [
        [0, 100, -1],
        [10, 90, 0],
        [20, 50, 1],
      ],
      [
        [0, 90, 100],
        [1, 50, 90],
        [2, 20, 50],
        [1, 10, 20],
        [0, 0, 10],
      ],
    ],
    [
      'a FOLLOWS_FROM child and its subtree do not block the parent',
      [
        [0, 100, -1],
        [50, 100, 0, true],
        [60, 90, 1],
      ],
      [[0, 0, 100]],
    ],
    [
      'an overflowing child is cut to its parent; one outside it is dropped',
      [
        [10, 100, -1],
        [90, 150, 0],
        [200, 300, 0],
        [0, 5, 0],
      ],
      [
        [1, 90, 100],
        [0, 10, 90],
      ],
    ],
    [
      'one path per top-level span',
      [
        [0, 10, -1],
        [20, 30, -1],
      ],
      [
        [0, 0, 10],
        [1, 20, 30],
      ],
    ],
  ])('%s', (_name, rows, expected) => {
    expect(sections(rows)).toEqual(expected);
  });

  it('gives each span its segments earliest first', () => {
    const result = computeCriticalPath(
      nodes([
        [0, 100, -1],
        [10, 30, 0],
        [40, 70, 0],
      ]),
    );
    expect(result.segmentsBySpan[0]).toEqual([
      { startUs: 0, endUs: 10 },
      { startUs: 30, endUs: 40 },
      { startUs: 70, endUs: 100 },
    ]);
  });

  it('walks a 20,000-level chain without overflowing the stack', () => {
    const rows: Row[] = Array.from({ length: 20_000 }, (_, i) => [i, 40_000 - i, i - 1]);
    const result = computeCriticalPath(nodes(rows));
    expect(result.sections).toHaveLength(39_999);
  });

  it('takes every one of many spaced children, the parent filling the gaps', () => {
    const rows: Row[] = [[0, 2000, -1]];
    for (let i = 0; i < 1000; i++) rows.push([2 * i, 2 * i + 1, 0]);
    const result = computeCriticalPath(nodes(rows));
    expect(result.sections.filter((s) => s.spanIndex !== 0)).toHaveLength(1000);
    expect(result.segmentsBySpan[0]).toHaveLength(1000);
    expect(result.segmentsBySpan[0]?.[0]).toEqual({ startUs: 1, endUs: 2 });
  });

  it('needs a child to end strictly before the bound, as Jaeger UI does', () => {
    // Back to back: B ends exactly when C starts, so the parent, not B, covers 10–20.
    expect(
      sections([
        [0, 30, -1],
        [0, 20, 0],
        [20, 30, 0],
      ]),
    ).toEqual([
      [2, 20, 30],
      [0, 0, 20],
    ]);
  });
});
