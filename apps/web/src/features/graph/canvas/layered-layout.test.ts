import { describe, expect, it } from 'vitest';
import type { LayeredEdge, LayeredNode } from './layered-layout.ts';
import { layeredLayout } from './layered-layout.ts';

const e = (source: string, target: string): LayeredEdge => ({ source, target });
const n = (id: string, parent?: string): LayeredNode => ({ id, parent });

describe('layered layout: layers', () => {
  it.each([
    ['a chain', [n('a'), n('b'), n('c')], [e('a', 'b'), e('b', 'c')], { a: 0, b: 1, c: 2 }],
    ['a fan-out', [n('a'), n('b'), n('c')], [e('a', 'b'), e('a', 'c')], { a: 0, b: 1, c: 1 }],
    [
      'longest path wins',
      [n('a'), n('b'), n('c')],
      [e('a', 'b'), e('b', 'c'), e('a', 'c')],
      { a: 0, b: 1, c: 2 },
    ],
    [
      'a cycle behind a source',
      [n('s'), n('a'), n('b')],
      [e('s', 'a'), e('a', 'b'), e('b', 'a')],
      { s: 0, a: 1, b: 2 },
    ],
    ['a self loop', [n('a'), n('b')], [e('a', 'a'), e('a', 'b')], { a: 0, b: 1 }],
    ['edges to unknown nodes are ignored', [n('a')], [e('a', 'x'), e('y', 'a')], { a: 0 }],
  ] as const)('%s', (_name, nodes, edges, expected) => {
    const { layers } = layeredLayout(nodes, edges);
    expect(Object.fromEntries(layers)).toEqual(expected);
  });

  it('puts every edge left to right once cycles are broken (a pure cycle)', () => {
    const { layers } = layeredLayout([n('a'), n('b'), n('c')], [e('a', 'b'), e('b', 'c'), e('c', 'a')]);
    expect(new Set(layers.values())).toEqual(new Set([0, 1, 2]));
  });

  it('draws layers as columns, left to right', () => {
    const { positions } = layeredLayout([n('a'), n('b')], [e('a', 'b')]);
    expect(positions.get('a')?.x).toBeLessThan(positions.get('b')?.x ?? 0);
  });
});

/** The vertical extent of a box's leaves. */
function span(positions: Map<string, { y: number }>, ids: readonly string[]): [number, number] {
  const ys = ids.map((id) => positions.get(id)?.y ?? Number.NaN);
  return [Math.min(...ys), Math.max(...ys)];
}

describe('layered layout: boxes', () => {
  // Two namespaces whose nodes call across; each namespace's nodes must stay together.
  const nodes = [
    n('ns1'),
    n('ns2'),
    n('a1', 'ns1'),
    n('b2', 'ns2'),
    n('c1', 'ns1'),
    n('d2', 'ns2'),
    n('app', 'ns1'),
    n('v1', 'app'),
    n('v2', 'app'),
  ];
  const edges = [e('a1', 'b2'), e('b2', 'c1'), e('c1', 'd2'), e('a1', 'v1'), e('a1', 'v2')];
  const { positions } = layeredLayout(nodes, edges);

  it('positions leaves only', () => {
    expect([...positions.keys()].sort()).toEqual(['a1', 'b2', 'c1', 'd2', 'v1', 'v2']);
  });

  it.each([
    ['ns1', ['a1', 'c1', 'v1', 'v2'], ['b2', 'd2']],
    ['ns2', ['b2', 'd2'], ['a1', 'c1', 'v1', 'v2']],
    ['app', ['v1', 'v2'], ['a1', 'c1']],
  ] as const)("%s's nodes are contiguous: no other node lies between them", (_box, inside, outside) => {
    const [top, bottom] = span(positions, inside);
    for (const id of outside) {
      const y = positions.get(id)?.y ?? Number.NaN;
      expect(y < top || y > bottom).toBe(true);
    }
  });

  it('gives no two leaves the same place', () => {
    const places = [...positions.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(places).size).toBe(places.length);
  });
});

describe('layered layout: size', () => {
  it('lays out 2,000 nodes in boxes with cycles', () => {
    const nodes: LayeredNode[] = [];
    const edges: LayeredEdge[] = [];
    for (let ns = 0; ns < 10; ns++) {
      nodes.push(n(`ns${ns}`));
      for (let w = 0; w < 200; w++) {
        const id = `ns${ns}-w${w}`;
        nodes.push(n(id, `ns${ns}`));
        if (w > 0) edges.push(e(`ns${ns}-w${Math.floor(w / 3)}`, id));
        if (w % 17 === 0) edges.push(e(id, `ns${(ns + 1) % 10}-w${w}`), e(id, `ns${ns}-w0`));
      }
    }
    const { positions } = layeredLayout(nodes, edges);
    expect(positions.size).toBe(2000);
    for (const p of positions.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });
});

describe('layered layout: many boxes', () => {
  it('wraps top-level boxes into columns rather than one tall stack', () => {
    const nodes: LayeredNode[] = [];
    const edges: LayeredEdge[] = [];
    for (let ns = 0; ns < 10; ns++) {
      nodes.push(n(`ns${ns}`));
      for (let w = 0; w < 40; w++) nodes.push(n(`ns${ns}-w${w}`, `ns${ns}`));
      for (let w = 1; w < 40; w++) edges.push(e(`ns${ns}-w0`, `ns${ns}-w${w}`));
    }
    const { positions } = layeredLayout(nodes, edges);
    const xs = [...positions.values()].map((p) => p.x);
    const ys = [...positions.values()].map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    expect(width).toBeGreaterThan(height / 3);
    // Each namespace still keeps its nodes together: within one column, no overlap with others.
    for (let ns = 0; ns < 10; ns++) {
      const mine = [...positions].filter(([id]) => id.startsWith(`ns${ns}-`)).map(([, p]) => p);
      const others = [...positions].filter(([id]) => !id.startsWith(`ns${ns}-`)).map(([, p]) => p);
      const [x0, x1] = [Math.min(...mine.map((p) => p.x)), Math.max(...mine.map((p) => p.x))];
      const [y0, y1] = [Math.min(...mine.map((p) => p.y)), Math.max(...mine.map((p) => p.y))];
      expect(others.some((p) => p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1)).toBe(false);
    }
  });
});
