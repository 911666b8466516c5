/**
 * How the graph looks, after Kiali's `GraphStyles`: node shapes by node type, node borders by
 * health (dotted when idle, dashed for unknown and outside nodes), edges coloured by their health
 * or error rate (grey without traffic, blue for TCP), namespace and app boxes as compound nodes.
 *
 * Cytoscape cannot read CSS variables, so the colours are resolved from the theme's variables
 * (`readPalette`) into each element's data; the stylesheet itself only maps data to style and
 * never changes, which lets a refresh update elements in place.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import type { HealthStatus } from '@meshlens/mesh-core/health';
import type { Css, StylesheetJson } from 'cytoscape';
import type { EdgeMetrics } from '../format.ts';

export const COLOR_VARS = [
  '--bg',
  '--bg-muted',
  '--fg',
  '--fg-muted',
  '--border',
  '--accent',
  '--healthy',
  '--degraded',
  '--failure',
  '--idle',
] as const;
export type ColorVar = (typeof COLOR_VARS)[number];
export type Palette = Readonly<Record<ColorVar, string>>;

// Used only where the stylesheet is not loaded (tests); the real colours come from app.css.
const FALLBACK = '#808080';

export function readPalette(root: Element): Palette {
  const style = getComputedStyle(root);
  return Object.fromEntries(
    COLOR_VARS.map((v) => {
      const value = style.getPropertyValue(v).trim();
      return [v, value === '' ? FALLBACK : value];
    }),
  ) as Record<ColorVar, string>;
}

/** Kiali's default failure threshold for request errors (5xx: degraded above 0%, failure at 10%). */
export const EDGE_FAILURE_PERCENT = 10;

export const NODE_SHAPES = ['round-rectangle', 'ellipse', 'round-triangle', 'round-pentagon'] as const;
export type NodeShape = (typeof NODE_SHAPES)[number];

export function nodeShape(node: GraphNodeData): NodeShape {
  switch (node.nodeType) {
    case 'app':
    case 'box':
      return 'round-rectangle';
    case 'service':
      return 'round-triangle';
    case 'aggregate':
      return 'round-pentagon';
    case 'workload':
    case 'unknown':
      return 'ellipse';
  }
}

export function healthColorVar(status: HealthStatus | undefined): ColorVar {
  switch (status) {
    case 'Healthy':
      return '--healthy';
    case 'Degraded':
      return '--degraded';
    case 'Failure':
      return '--failure';
    case 'Not Ready':
      return '--idle';
    case 'NA':
    case undefined:
      return '--fg-muted';
  }
}

export const BORDER_STYLES = ['solid', 'dashed', 'dotted'] as const;
export type BorderStyle = (typeof BORDER_STYLES)[number];

export interface NodeLook {
  readonly borderColor: ColorVar;
  readonly borderStyle: BorderStyle;
  readonly background: ColorVar;
}

export function nodeLook(node: GraphNodeData): NodeLook {
  if (node.isBox !== undefined) {
    return {
      borderColor: node.isBox === 'app' ? '--fg-muted' : '--border',
      borderStyle: 'solid',
      background: node.isBox === 'app' ? '--bg' : '--bg-muted',
    };
  }
  if (node.isIdle === true) return { borderColor: '--idle', borderStyle: 'dotted', background: '--bg' };
  return {
    borderColor: healthColorVar(node.healthStatus),
    borderStyle: node.nodeType === 'unknown' || node.isOutside === true ? 'dashed' : 'solid',
    background: '--bg',
  };
}

/**
 * An edge's colour: grey without traffic, blue (accent) for TCP, otherwise the worse of the
 * edge's health and what its error rate says (any error: degraded; at the failure threshold: red).
 */
export function edgeColorVar(m: EdgeMetrics, health: HealthStatus | undefined): ColorVar {
  if (!m.hasTraffic) return '--idle';
  if (m.protocol === 'tcp') return '--accent';
  if (health === 'Failure' || m.percentErr >= EDGE_FAILURE_PERCENT) return '--failure';
  if (health === 'Degraded' || m.percentErr > 0) return '--degraded';
  return '--healthy';
}

export const FIND_CLASS = 'find-match';
export const HIDDEN_CLASS = 'find-hidden';
/** On a trace's path ("show on graph"), and off it while a trace is shown. */
export const TRACE_CLASS = 'trace-path';
export const TRACE_DIM_CLASS = 'trace-dimmed';

const FONT = 'system-ui, sans-serif';

/**
 * Cytoscape's `data(name)` mapper: the style value is the element's data field, which
 * `toCyElements` always sets (shape and border style only from `NODE_SHAPES`/`BORDER_STYLES`).
 * A string mapper, not a function: cytoscape caches it, while function mappers are evaluated per
 * element and property and cost seconds of style work on a thousand-node graph. The typings list
 * only literal values for enumerated properties, hence the cast.
 */
const text = (name: string): string => `data(${name})`;
const shapeOf = text('shape') as Css.NodeShape;
const borderStyleOf = text('borderStyle') as Css.LineStyle;

/**
 * Below this on-screen font size (px) a big graph draws no labels: zoomed out they are
 * unreadable anyway, and text is most of what a frame costs.
 */
export const LARGE_GRAPH_MIN_ZOOMED_FONT_SIZE = 8;

/**
 * The stylesheet: every visual property that varies is read from element data. `large`: hide
 * labels when zoomed out (small graphs keep them at every zoom, as Kiali draws them).
 */
export function graphStylesheet(
  palette: Palette,
  options: { readonly large?: boolean } = {},
): StylesheetJson {
  const minZoomedFontSize = options.large === true ? LARGE_GRAPH_MIN_ZOOMED_FONT_SIZE : 0;
  return [
    {
      selector: 'node',
      style: {
        shape: shapeOf,
        width: 26,
        height: 26,
        'background-color': text('background'),
        'border-color': text('borderColor'),
        'border-style': borderStyleOf,
        'border-width': 2,
        label: text('label'),
        color: palette['--fg'],
        'font-family': FONT,
        'font-size': 10,
        'text-wrap': 'wrap',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-background-color': palette['--bg'],
        'text-background-opacity': 0.85,
        'text-background-shape': 'roundrectangle',
        'text-background-padding': '2px',
        'min-zoomed-font-size': minZoomedFontSize,
        'z-index': 10,
      },
    },
    {
      selector: 'node[?isBox]',
      style: {
        'border-width': 1,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-background-color': palette['--bg-muted'],
        'background-opacity': 0.6,
        'z-index': 1,
      },
    },
    {
      selector: 'node:selected',
      style: { 'border-width': 4, 'overlay-color': palette['--accent'], 'overlay-opacity': 0.15 },
    },
    {
      selector: 'edge',
      style: {
        'curve-style': 'bezier',
        width: 2,
        'line-color': text('lineColor'),
        'target-arrow-shape': 'vee',
        'target-arrow-color': text('lineColor'),
        label: text('label'),
        color: palette['--fg'],
        'font-family': FONT,
        'font-size': 9,
        'text-wrap': 'wrap',
        'text-outline-color': palette['--bg'],
        'text-outline-width': 2,
        'text-events': 'yes',
        'min-zoomed-font-size': minZoomedFontSize,
        'z-index': 5,
      },
    },
    {
      selector: 'edge:selected',
      style: { width: 4, 'overlay-color': palette['--accent'], 'overlay-opacity': 0.15 },
    },
    {
      selector: `.${FIND_CLASS}`,
      style: { 'underlay-color': palette['--accent'], 'underlay-opacity': 0.35, 'underlay-padding': 6 },
    },
    // A trace's path: a thick accent outline over the health colours, everything else faded.
    {
      selector: `node.${TRACE_CLASS}`,
      style: {
        'outline-color': palette['--accent'],
        'outline-width': 4,
        'outline-offset': 2,
        'outline-opacity': 1,
        'z-index': 20,
      },
    },
    {
      selector: `edge.${TRACE_CLASS}`,
      style: {
        width: 5,
        'underlay-color': palette['--accent'],
        'underlay-opacity': 0.5,
        'underlay-padding': 4,
        'z-index': 15,
      },
    },
    { selector: `.${TRACE_DIM_CLASS}`, style: { opacity: 0.25 } },
    { selector: `.${HIDDEN_CLASS}`, style: { display: 'none' } },
  ];
}
