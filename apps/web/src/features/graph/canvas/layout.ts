/** The layouts on offer: dagre (layered, left to right as Kiali draws it) and cytoscape's cose. */
import type { LayoutOptions } from 'cytoscape';
import type { DagreLayoutOptions } from 'cytoscape-dagre';
import type { GraphLayout } from '../url.ts';

export function layoutOptions(layout: GraphLayout): LayoutOptions {
  switch (layout) {
    case 'dagre':
      return {
        name: 'dagre',
        // Kiali's KialiDagreGraph settings: left to right, labels counted in node sizes.
        rankDir: 'LR',
        nodeSep: 30,
        rankSep: 90,
        nodeDimensionsIncludeLabels: true,
        fit: true,
        padding: 30,
        animate: false,
      } satisfies DagreLayoutOptions as LayoutOptions;
    case 'cose':
      return {
        name: 'cose',
        nodeDimensionsIncludeLabels: true,
        fit: true,
        padding: 30,
        animate: false,
        randomize: false,
      };
  }
}
