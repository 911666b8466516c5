/**
 * The graph answer as cytoscape elements, with everything the stylesheet draws already worked
 * out (label, shape, colours), and the element-set key that decides whether a refresh needs a
 * new layout: only when a node or edge appears or disappears (or a node changes box) — a refresh
 * with the same elements updates their data in place and keeps every position.
 */
import type { GraphEdgeData, GraphJson, GraphNodeData, GraphType } from '@meshlens/mesh-core/graph';
import type { ElementDefinition } from 'cytoscape';
import { edgeLabel, edgeMetrics, nodeCanvasLabel } from '../format.ts';
import type { DisplayFlag, EdgeLabel } from '../url.ts';
import type { Palette } from './styles.ts';
import { edgeColorVar, nodeLook, nodeShape } from './styles.ts';

/** Kiali's badge icons, as glyphs the canvas can draw in a label. */
export const BADGE_GLYPHS = {
  circuitBreaker: '⚡',
  virtualService: '⎇',
  requestRouting: '⎇',
  faultInjection: '⊘',
  trafficShifting: '⇄',
  requestTimeout: '◷',
  mirroring: '⇶',
  missingSidecar: '⚠',
  gateway: '◎',
  root: '➔',
  mtls: '🔒',
} as const;
export type Badge = keyof typeof BADGE_GLYPHS;

type BadgeFlags = Pick<Readonly<Record<DisplayFlag, boolean>>, 'badgeSecurity' | 'badgeSidecar' | 'badgeVS'>;

/**
 * A node's badges in Kiali's order. With `badgeVS`: circuit breaker; a virtual service shows its
 * routing scenarios when it has any, else the plain virtual-service badge; gateways and roots.
 */
export function nodeBadges(node: GraphNodeData, flags: BadgeFlags): Badge[] {
  const out: Badge[] = [];
  if (flags.badgeSidecar && node.isOutOfMesh === true) out.push('missingSidecar');
  if (!flags.badgeVS) return out;
  if (node.hasCB === true) out.push('circuitBreaker');
  if (node.hasVS !== undefined) {
    const scenarios: Badge[] = [];
    if (node.hasRequestRouting === true) scenarios.push('requestRouting');
    if (node.hasRequestTimeout === true) scenarios.push('requestTimeout');
    if (node.hasTrafficShifting === true || node.hasTCPTrafficShifting === true)
      scenarios.push('trafficShifting');
    if (node.hasMirroring === true) scenarios.push('mirroring');
    if (node.hasFaultInjection === true) scenarios.push('faultInjection');
    out.push(...(scenarios.length > 0 ? scenarios : ['virtualService' as const]));
  }
  if (node.isGateway !== undefined) out.push('gateway');
  if (node.isRoot === true) out.push('root');
  return out;
}

export interface ElementContext {
  readonly graphType: GraphType;
  readonly edgeLabels: readonly EdgeLabel[];
  readonly flags: BadgeFlags;
  readonly palette: Palette;
  /** More than one namespace is graphed: node labels name their namespace unless boxed. */
  readonly multiNamespace: boolean;
}

function nodeElement(
  node: GraphNodeData,
  byId: ReadonlyMap<string, GraphNodeData>,
  ctx: ElementContext,
): ElementDefinition {
  const parent = node.parent === undefined ? undefined : byId.get(node.parent);
  const grandParent = parent?.parent === undefined ? undefined : byId.get(parent.parent);
  const inAppBox = parent?.isBox === 'app';
  const inNamespaceBox = parent?.isBox === 'namespace' || grandParent?.isBox === 'namespace';
  const text = nodeCanvasLabel(node, {
    graphType: ctx.graphType,
    inAppBox,
    showNamespace: (ctx.multiNamespace || node.isOutside === true) && !inAppBox && !inNamespaceBox,
  });
  const badges = nodeBadges(node, ctx.flags)
    .map((b) => BADGE_GLYPHS[b])
    .join(' ');
  const look = nodeLook(node);
  return {
    group: 'nodes',
    data: {
      ...node,
      // Cytoscape treats a `parent` naming no element as an error: keep only parents that exist.
      parent: parent === undefined ? undefined : node.parent,
      label: badges === '' ? text : `${badges}\n${text}`,
      shape: nodeShape(node),
      borderColor: ctx.palette[look.borderColor],
      borderStyle: look.borderStyle,
      background: ctx.palette[look.background],
    },
  };
}

function edgeElement(edge: GraphEdgeData, ctx: ElementContext): ElementDefinition {
  const m = edgeMetrics(edge);
  const text = edgeLabel(m, ctx.edgeLabels);
  const lock = ctx.flags.badgeSecurity && m.hasTraffic && m.mtlsPercent > 0 ? BADGE_GLYPHS.mtls : '';
  return {
    group: 'edges',
    data: {
      ...edge,
      label: lock === '' ? text : text === '' ? lock : `${lock}\n${text}`,
      lineColor: ctx.palette[edgeColorVar(m, edge.healthStatus)],
    },
  };
}

export function toCyElements(graph: GraphJson, ctx: ElementContext): ElementDefinition[] {
  const byId = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const nodes = graph.elements.nodes.map((n) => nodeElement(n.data, byId, ctx));
  const edges = graph.elements.edges
    .filter((e) => byId.has(e.data.source) && byId.has(e.data.target))
    .map((e) => edgeElement(e.data, ctx));
  return [...nodes, ...edges];
}

/** What identifies the shape of the graph: ids, the box each node sits in, each edge's ends. */
export function elementSetKeys(elements: readonly ElementDefinition[]): Set<string> {
  const keys = new Set<string>();
  for (const el of elements) {
    const d = el.data;
    if (el.group === 'edges') keys.add(`e|${d.id ?? ''}|${String(d.source)}|${String(d.target)}`);
    else keys.add(`n|${d.id ?? ''}|${typeof d.parent === 'string' ? d.parent : ''}`);
  }
  return keys;
}

export function sameElementSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}
