/**
 * The graph page's view state in the URL, with Kiali's parameter names and values so that a
 * Kiali link's habits carry over: `graphType`, `edges` (edge labels, with the response-time
 * statistic as `rtAverage|rtPercentile50|95|99` beside `responseTime`), `layout`, `idleNodes`,
 * `idleEdges`, `boxNamespace`, `injectServiceNodes`, `animation` and the badge switches `badgeSecurity`,
 * `badgeSidecar`, `badgeVS`. Unknown values fall back to Kiali's defaults; Kiali's own layout
 * names (`kiali-dagre`, `kiali-cose-bilkent`, …) are read as their closest layout here.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { GraphType, ResponseTime } from '@meshlens/mesh-core/graph';
import { GRAPH_TYPES } from '@meshlens/mesh-core/graph';

export const GRAPH_TYPE_LABELS: Readonly<Record<GraphType, string>> = {
  app: 'App graph',
  versionedApp: 'Versioned app graph',
  workload: 'Workload graph',
  service: 'Service graph',
};

export const EDGE_LABELS = ['trafficRate', 'trafficDistribution', 'responseTime', 'throughput'] as const;
export type EdgeLabel = (typeof EDGE_LABELS)[number];
export const EDGE_LABEL_NAMES: Readonly<Record<EdgeLabel, string>> = {
  trafficRate: 'Traffic rate',
  trafficDistribution: 'Traffic distribution',
  responseTime: 'Response time',
  throughput: 'Throughput',
};

export const RESPONSE_TIME_STATS = [
  'rtAverage',
  'rtPercentile50',
  'rtPercentile95',
  'rtPercentile99',
] as const;
export type ResponseTimeStat = (typeof RESPONSE_TIME_STATS)[number];
export const RESPONSE_TIME_STAT_NAMES: Readonly<Record<ResponseTimeStat, string>> = {
  rtAverage: 'Average',
  rtPercentile50: 'Median',
  rtPercentile95: '95th percentile',
  rtPercentile99: '99th percentile',
};
/** The server's `responseTime` query value for each statistic. */
export const RESPONSE_TIME_QUERY: Readonly<Record<ResponseTimeStat, ResponseTime>> = {
  rtAverage: 'avg',
  rtPercentile50: '50',
  rtPercentile95: '95',
  rtPercentile99: '99',
};

export const LAYOUTS = ['dagre', 'cose'] as const;
export type GraphLayout = (typeof LAYOUTS)[number];
export const LAYOUT_NAMES: Readonly<Record<GraphLayout, string>> = {
  dagre: 'Layered (dagre)',
  cose: 'Force-directed (cose)',
};
const KIALI_LAYOUT_ALIASES: Readonly<Record<string, GraphLayout>> = {
  'kiali-dagre': 'dagre',
  'kiali-cose-bilkent': 'cose',
  'kiali-cola': 'cose',
  'kiali-grid': 'dagre',
  'kiali-concentric': 'cose',
  'kiali-breadthfirst': 'dagre',
};

export const DISPLAY_FLAGS = [
  'idleNodes',
  'idleEdges',
  'boxNamespace',
  'injectServiceNodes',
  'animation',
  'badgeSecurity',
  'badgeSidecar',
  'badgeVS',
] as const;
export type DisplayFlag = (typeof DISPLAY_FLAGS)[number];
export const DISPLAY_FLAG_NAMES: Readonly<Record<DisplayFlag, string>> = {
  idleNodes: 'Idle nodes',
  idleEdges: 'Idle edges',
  boxNamespace: 'Namespace boxes',
  injectServiceNodes: 'Service nodes',
  animation: 'Traffic animation',
  badgeSecurity: 'Security (mTLS)',
  badgeSidecar: 'Missing sidecars',
  badgeVS: 'Virtual services',
};

export interface GraphUrlState {
  readonly graphType: GraphType;
  readonly edgeLabels: readonly EdgeLabel[];
  readonly responseTimeStat: ResponseTimeStat;
  readonly layout: GraphLayout;
  readonly flags: Readonly<Record<DisplayFlag, boolean>>;
}

/** Kiali's initial graph state. */
export const DEFAULT_GRAPH_URL_STATE: GraphUrlState = {
  graphType: 'versionedApp',
  edgeLabels: [],
  responseTimeStat: 'rtPercentile95',
  layout: 'dagre',
  flags: {
    idleNodes: false,
    idleEdges: false,
    boxNamespace: true,
    injectServiceNodes: true,
    animation: false,
    badgeSecurity: false,
    badgeSidecar: true,
    badgeVS: true,
  },
};

function oneOf<T extends string>(choices: readonly T[], value: string | null): T | undefined {
  return (choices as readonly (string | null)[]).includes(value) ? (value as T) : undefined;
}

function readBool(value: string | null, fallback: boolean): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}

export function readGraphUrlState(params: URLSearchParams): GraphUrlState {
  const d = DEFAULT_GRAPH_URL_STATE;
  const edges = (params.get('edges') ?? '').split(',').map((s) => s.trim());
  const layoutParam = params.get('layout') ?? '';
  const flags = Object.fromEntries(
    DISPLAY_FLAGS.map((f) => [f, readBool(params.get(f), d.flags[f])]),
  ) as Record<DisplayFlag, boolean>;
  return {
    graphType: oneOf(GRAPH_TYPES, params.get('graphType')) ?? d.graphType,
    edgeLabels: EDGE_LABELS.filter((l) => edges.includes(l)),
    responseTimeStat: RESPONSE_TIME_STATS.find((s) => edges.includes(s)) ?? d.responseTimeStat,
    layout: oneOf(LAYOUTS, layoutParam) ?? KIALI_LAYOUT_ALIASES[layoutParam] ?? d.layout,
    flags,
  };
}

export interface GraphUrlPatch {
  readonly graphType?: GraphType;
  readonly edgeLabels?: readonly EdgeLabel[];
  readonly responseTimeStat?: ResponseTimeStat;
  readonly layout?: GraphLayout;
  readonly flags?: Partial<Readonly<Record<DisplayFlag, boolean>>>;
}

/**
 * `params` with `patch` applied; other parameters (shared state, selection, find/hide) are kept.
 * The `edges` value lists the labels, then the response-time statistic when response time is on,
 * as Kiali writes it (`edges=trafficRate,responseTime,rtPercentile95`).
 */
export function writeGraphUrlState(params: URLSearchParams, patch: GraphUrlPatch): URLSearchParams {
  const out = new URLSearchParams(params);
  const current = readGraphUrlState(params);
  if (patch.graphType !== undefined) out.set('graphType', patch.graphType);
  if (patch.edgeLabels !== undefined || patch.responseTimeStat !== undefined) {
    const labels = EDGE_LABELS.filter((l) => (patch.edgeLabels ?? current.edgeLabels).includes(l));
    const stat = patch.responseTimeStat ?? current.responseTimeStat;
    const edges = labels.includes('responseTime') ? [...labels, stat] : labels;
    if (edges.length === 0) out.delete('edges');
    else out.set('edges', edges.join(','));
  }
  if (patch.layout !== undefined) out.set('layout', patch.layout);
  for (const flag of DISPLAY_FLAGS) {
    const value = patch.flags?.[flag];
    if (value !== undefined) out.set(flag, String(value));
  }
  return out;
}

export function useGraphUrlState(): readonly [GraphUrlState, (patch: GraphUrlPatch) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readGraphUrlState(params), [params]);
  const update = useCallback(
    (patch: GraphUrlPatch) => {
      setParams((prev) => writeGraphUrlState(prev, patch), { replace: true });
    },
    [setParams],
  );
  return [state, update] as const;
}

/**
 * "Show on graph": `trace=<traceId>` highlights the nodes and edges a trace went through. Only
 * Jaeger's trace id syntax (1 to 32 hex digits) is read; anything else is ignored.
 */
export const TRACE_PARAM = 'trace';

export function readTraceParam(params: URLSearchParams): string | undefined {
  const id = params.get(TRACE_PARAM) ?? '';
  return /^[0-9a-fA-F]{1,32}$/.test(id) ? id : undefined;
}

/** `params` without the trace highlight; everything else is kept. */
export function withoutTrace(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete(TRACE_PARAM);
  return out;
}
