/**
 * What the graph shows as text: node names (as Kiali labels nodes), edge labels (Kiali's
 * `GraphStyles.getEdgeLabel` formatting: `trimFixed` rates, `ms`/`s` durations, `bps`/`kps`
 * throughput, units only when more than one label is on) and the accessible list's cells.
 * The wire sends numbers as strings; `edgeMetrics` and `nodeRates` turn them into numbers once.
 */
import type { GraphEdgeData, GraphNodeData, GraphType } from '@meshlens/mesh-core/graph';
import { HEALTH_STATUS_NAMES } from '@meshlens/mesh-core/health';
import type { EdgeLabel } from './url.ts';

export const PROTOCOLS = ['http', 'grpc', 'tcp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const num = (s: string | undefined): number => {
  const n = Number(s);
  return s === undefined || !Number.isFinite(n) ? 0 : n;
};

export interface EdgeMetrics {
  readonly protocol: Protocol | undefined;
  /** Requests per second (HTTP, gRPC) or bytes per second (TCP). */
  readonly rate: number;
  readonly percentErr: number;
  /** Share of the source's outgoing traffic of this protocol; 0 when the wire has none. */
  readonly percentReq: number;
  readonly responseTimeMs: number;
  readonly throughputBytesPerSec: number;
  readonly mtlsPercent: number;
  readonly hasTraffic: boolean;
}

export function edgeMetrics(edge: GraphEdgeData): EdgeMetrics {
  const p = edge.traffic.protocol;
  const protocol = (PROTOCOLS as readonly (string | undefined)[]).includes(p) ? (p as Protocol) : undefined;
  const rates = edge.traffic.rates ?? {};
  const rate = protocol === undefined ? 0 : num(rates[protocol]);
  return {
    protocol,
    rate,
    percentErr: protocol === undefined ? 0 : num(rates[`${protocol}PercentErr`]),
    percentReq: protocol === undefined ? 0 : num(rates[`${protocol}PercentReq`]),
    responseTimeMs: num(edge.responseTime),
    throughputBytesPerSec: num(edge.throughput),
    mtlsPercent: num(edge.isMTLS),
    hasTraffic: rate > 0,
  };
}

export interface NodeRates {
  /** HTTP plus gRPC requests per second. */
  readonly inRps: number;
  readonly outRps: number;
  readonly inBytesPerSec: number;
  readonly outBytesPerSec: number;
  readonly hasRequests: boolean;
  readonly hasTcp: boolean;
}

export function nodeRates(node: GraphNodeData): NodeRates {
  const rates: Record<string, string> = {};
  for (const t of node.traffic ?? []) Object.assign(rates, t.rates ?? {});
  const has = (names: readonly string[]) => names.some((n) => rates[n] !== undefined);
  return {
    inRps: num(rates['httpIn']) + num(rates['grpcIn']),
    outRps: num(rates['httpOut']) + num(rates['grpcOut']),
    inBytesPerSec: num(rates['tcpIn']),
    outBytesPerSec: num(rates['tcpOut']),
    hasRequests: has(['httpIn', 'httpOut', 'grpcIn', 'grpcOut']),
    hasTcp: has(['tcpIn', 'tcpOut']),
  };
}

/**
 * A node's name in the list and in find results: the app (with its version in versioned-app
 * graphs), the workload, the service, `unknown`, or the aggregate value.
 */
export function nodeName(node: GraphNodeData, graphType: GraphType): string {
  switch (node.nodeType) {
    case 'app': {
      const app = node.app ?? node.workload ?? '';
      const version = node.version;
      return graphType !== 'app' && version !== undefined && version !== '' && version !== 'unknown'
        ? `${app} ${version}`
        : app;
    }
    case 'workload':
      return node.workload ?? '';
    case 'service':
      return node.service ?? '';
    case 'unknown':
      return 'unknown';
    case 'aggregate':
      return node.aggregate ?? '';
    case 'box':
      return node.isBox === 'namespace'
        ? node.namespace
        : node.isBox === 'cluster'
          ? node.cluster
          : (node.app ?? '');
  }
}

/**
 * The text drawn under a node on the canvas (Kiali's `getNodeLabel`): a versioned app inside its
 * app box shows only its version; the namespace is added when it is not obvious (several
 * namespaces, or a node outside them) and no namespace box says it already.
 */
export function nodeCanvasLabel(
  node: GraphNodeData,
  context: { readonly graphType: GraphType; readonly inAppBox: boolean; readonly showNamespace: boolean },
): string {
  let main: string;
  if (node.nodeType === 'app' && context.inAppBox && context.graphType !== 'app') {
    main =
      node.version !== undefined && node.version !== 'unknown'
        ? node.version
        : (node.workload ?? node.app ?? '');
  } else if (node.nodeType === 'app' && context.graphType !== 'app') {
    main = nodeName(node, context.graphType).replace(' ', '\n');
  } else {
    main = nodeName(node, context.graphType);
  }
  return context.showNamespace && node.nodeType !== 'box' && node.namespace !== 'unknown'
    ? `${main}\n(${node.namespace})`
    : main;
}

// Kiali's `trimFixed`: "3.50" → "3.5", "2.00" → "2".
export function trimFixed(fixed: string): string {
  if (!fixed.includes('.')) return fixed;
  let s = fixed;
  while (s.endsWith('0')) s = s.slice(0, -1);
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

export function formatRequestRate(
  rps: number,
  options: { readonly units: boolean; readonly unit?: string },
): string {
  const rate = trimFixed(rps.toFixed(2));
  return options.units ? `${rate} ${options.unit ?? 'rps'}` : rate;
}

export function formatByteRate(bytesPerSec: number, options: { readonly units: boolean }): string {
  if (bytesPerSec < 1024) {
    const rate = bytesPerSec < 1 ? trimFixed(bytesPerSec.toFixed(2)) : bytesPerSec.toFixed(0);
    return options.units ? `${rate} bps` : rate;
  }
  const rate = trimFixed((bytesPerSec / 1024).toFixed(2));
  return options.units ? `${rate} kps` : rate;
}

export function formatErrorRate(percent: number): string {
  return `${trimFixed(percent.toFixed(percent < 1 ? 1 : 0))}% err`;
}

export function formatPercent(percent: number): string {
  return `${trimFixed(percent.toFixed(1))}%`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)}ms` : `${trimFixed((ms / 1000).toFixed(2))}s`;
}

/** An edge's label for the chosen edge-label options, lines joined by `\n` as Kiali draws them. */
export function edgeLabel(m: EdgeMetrics, labels: readonly EdgeLabel[]): string {
  const units = labels.length > 1;
  const lines: string[] = [];
  if (labels.includes('trafficRate') && m.rate > 0) {
    if (m.percentErr > 0 && m.protocol !== 'tcp') {
      lines.push(`${formatRequestRate(m.rate, { units })}\n${formatErrorRate(m.percentErr)}`);
    } else if (m.protocol === 'tcp') {
      lines.push(formatByteRate(m.rate, { units }));
    } else {
      lines.push(formatRequestRate(m.rate, { units }));
    }
  }
  if (labels.includes('responseTime') && m.responseTimeMs > 0) lines.push(formatDuration(m.responseTimeMs));
  if (labels.includes('throughput') && m.throughputBytesPerSec > 0) {
    lines.push(formatByteRate(m.throughputBytesPerSec, { units }));
  }
  if (labels.includes('trafficDistribution') && m.percentReq > 0 && m.percentReq < 100) {
    lines.push(formatPercent(m.percentReq));
  }
  return lines.join('\n');
}

// The accessible list's cells: exact numbers rather than the canvas's compact labels.

export const NO_VALUE = '—';

export function listRate(value: number, unit: 'rps' | 'bytes'): string {
  return unit === 'rps' ? value.toFixed(2) : `${value.toFixed(2)} B/s`;
}

export function listNodeRate(rates: NodeRates, direction: 'in' | 'out'): string {
  if (rates.hasRequests) return listRate(direction === 'in' ? rates.inRps : rates.outRps, 'rps');
  if (rates.hasTcp) return listRate(direction === 'in' ? rates.inBytesPerSec : rates.outBytesPerSec, 'bytes');
  return NO_VALUE;
}

export const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = { http: 'HTTP', grpc: 'gRPC', tcp: 'TCP' };

export interface EdgeCells {
  readonly protocol: string;
  readonly rate: string;
  readonly percentOfSource: string;
  readonly percentErrors: string;
  readonly responseTime: string;
}

export function edgeCells(m: EdgeMetrics): EdgeCells {
  const requests = m.protocol === 'http' || m.protocol === 'grpc';
  return {
    protocol: m.protocol === undefined ? NO_VALUE : PROTOCOL_NAMES[m.protocol],
    rate: m.protocol === undefined ? NO_VALUE : listRate(m.rate, requests ? 'rps' : 'bytes'),
    percentOfSource: m.percentReq > 0 ? `${m.percentReq.toFixed(1)}%` : NO_VALUE,
    percentErrors: requests && m.hasTraffic ? `${m.percentErr.toFixed(1)}%` : NO_VALUE,
    responseTime: m.responseTimeMs > 0 ? `${m.responseTimeMs.toFixed(0)} ms` : NO_VALUE,
  };
}

export function healthName(node: GraphNodeData): string {
  return HEALTH_STATUS_NAMES[node.healthStatus ?? 'NA'];
}
