/**
 * The layouts on offer: dagre (layered, left to right as Kiali draws it) and cytoscape's cose.
 * Dagre on a big graph takes many seconds in the browser, so above `LARGE_GRAPH_NODES` the
 * dagre choice is drawn by `layeredLayout` (the same left-to-right layers, in milliseconds)
 * through cytoscape's `preset` layout.
 */
import type { ElementDefinition, LayoutOptions } from 'cytoscape';
import type { DagreLayoutOptions } from 'cytoscape-dagre';
import type { GraphLayout } from '../url.ts';
import type { LayeredEdge, LayeredNode } from './layered-layout.ts';
import { layeredLayout } from './layered-layout.ts';
import { isLargeGraph } from './renderer.ts';

const PADDING = 30;

export function layoutOptions(
  layout: GraphLayout,
  elements: readonly ElementDefinition[] = [],
): LayoutOptions {
  switch (layout) {
    case 'dagre': {
      const nodes: LayeredNode[] = [];
      const edges: LayeredEdge[] = [];
      for (const el of elements) {
        const d = el.data;
        if (el.group === 'edges') {
          if (typeof d.source === 'string' && typeof d.target === 'string')
            edges.push({ source: d.source, target: d.target });
        } else nodes.push({ id: d.id ?? '', parent: typeof d.parent === 'string' ? d.parent : undefined });
      }
      if (isLargeGraph(nodes.length)) {
        const { positions } = layeredLayout(nodes, edges);
        return {
          name: 'preset',
          positions: Object.fromEntries(positions),
          fit: true,
          padding: PADDING,
          animate: false,
        };
      }
      return {
        name: 'dagre',
        // Kiali's KialiDagreGraph settings: left to right, labels counted in node sizes.
        rankDir: 'LR',
        nodeSep: 30,
        rankSep: 90,
        nodeDimensionsIncludeLabels: true,
        fit: true,
        padding: PADDING,
        animate: false,
      } satisfies DagreLayoutOptions as LayoutOptions;
    }
    case 'cose':
      return {
        name: 'cose',
        nodeDimensionsIncludeLabels: true,
        fit: true,
        padding: PADDING,
        animate: false,
        randomize: false,
      };
  }
}
