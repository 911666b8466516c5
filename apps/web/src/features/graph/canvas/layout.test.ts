import type { ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { layoutOptions } from './layout.ts';
import { LARGE_GRAPH_NODES } from './renderer.ts';

function chain(count: number): ElementDefinition[] {
  const out: ElementDefinition[] = [{ group: 'nodes', data: { id: 'ns' } }];
  for (let i = 0; i < count - 1; i++) {
    out.push({ group: 'nodes', data: { id: `n${i}`, parent: 'ns' } });
    if (i > 0) out.push({ group: 'edges', data: { id: `e${i}`, source: `n${i - 1}`, target: `n${i}` } });
  }
  return out;
}

describe('layout options', () => {
  it.each([
    ['dagre, small graph', 'dagre', 10, 'dagre'],
    ['dagre, at the threshold', 'dagre', LARGE_GRAPH_NODES, 'dagre'],
    ['dagre, big graph: the fast layered layout', 'dagre', LARGE_GRAPH_NODES + 1, 'preset'],
    ['cose, big graph: as chosen', 'cose', LARGE_GRAPH_NODES + 1, 'cose'],
  ] as const)('%s → %s', (_name, layout, nodes, name) => {
    expect(layoutOptions(layout, chain(nodes)).name).toBe(name);
  });

  it('places every leaf of a big graph, none of its boxes', () => {
    const options = layoutOptions('dagre', chain(LARGE_GRAPH_NODES + 1)) as { positions?: object };
    const ids = Object.keys(options.positions ?? {});
    expect(ids).toHaveLength(LARGE_GRAPH_NODES);
    expect(ids).not.toContain('ns');
  });
});
