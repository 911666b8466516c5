/**
 * The side panel's "Traces" section data: which object's traces a graph node shows (Kiali's
 * summary panel: an app node its app's, or its workload's when it is one version of the app; a
 * workload node its workload's; a service node its service's), the query of its most recent
 * traces over the graph's duration, and each trace's duration and error mark.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import type { JaegerTrace, Microseconds } from '@meshlens/mesh-core/api/traces';
import { tracingResponseSchema } from '@meshlens/mesh-core/api/traces';
import { isErrorTagged } from '@meshlens/mesh-core/traces';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../../api/http.ts';
import { appDetailPath, serviceDetailPath, workloadDetailPath } from '../../details/index.ts';

export interface TracedNode {
  readonly kind: 'apps' | 'workloads' | 'services';
  readonly namespace: string;
  readonly name: string;
}

const named = (s: string | undefined): s is string => s !== undefined && s !== '' && s !== 'unknown';

export function tracedNode(node: GraphNodeData): TracedNode | undefined {
  if (node.isInaccessible === true || node.isBox !== undefined) return undefined;
  const namespace = node.namespace;
  switch (node.nodeType) {
    case 'app':
      if (named(node.workload) && named(node.version))
        return { kind: 'workloads', namespace, name: node.workload };
      return named(node.app) ? { kind: 'apps', namespace, name: node.app } : undefined;
    case 'workload':
      return named(node.workload) ? { kind: 'workloads', namespace, name: node.workload } : undefined;
    case 'service':
      return named(node.service) ? { kind: 'services', namespace, name: node.service } : undefined;
    case 'aggregate':
    case 'box':
    case 'unknown':
      return undefined;
  }
}

/** The object's detail page (opened on its Traces tab with `tab=traces`). */
export function tracedDetailPath(t: TracedNode): string {
  switch (t.kind) {
    case 'apps':
      return appDetailPath(t.namespace, t.name);
    case 'workloads':
      return workloadDetailPath(t.namespace, t.name);
    case 'services':
      return serviceDetailPath(t.namespace, t.name);
  }
}

export const NODE_TRACES_LIMIT = 5;

export function nodeTracesQueryOptions(t: TracedNode, durationSec: number) {
  const path = `/api/namespaces/${encodeURIComponent(t.namespace)}/${t.kind}/${encodeURIComponent(t.name)}/traces`;
  return queryOptions({
    queryKey: ['graph', 'node-traces', t.namespace, t.kind, t.name, durationSec] as const,
    queryFn: ({ signal }) => {
      // The window is taken when the request leaves, so the key stays put across renders.
      const startMicros = (Date.now() - durationSec * 1000) * 1000;
      return fetchJson(apiPath(path, { startMicros, limit: NODE_TRACES_LIMIT }), tracingResponseSchema, {
        signal,
      });
    },
    staleTime: 15_000,
  });
}

export interface NodeTraceRow {
  readonly traceID: string;
  readonly startUs: Microseconds;
  readonly durationUs: Microseconds;
  readonly hasError: boolean;
  /** The earliest span's operation, a hint of what the request was. */
  readonly operation: string;
}

/** Newest first. */
export function nodeTraceRows(traces: readonly JaegerTrace[]): NodeTraceRow[] {
  return traces
    .filter((t) => t.spans.length > 0)
    .map((t) => {
      let first = t.spans[0];
      let startUs = Infinity;
      let endUs = 0;
      for (const s of t.spans) {
        if (s.startTime < startUs) {
          startUs = s.startTime;
          first = s;
        }
        endUs = Math.max(endUs, s.startTime + s.duration);
      }
      return {
        traceID: t.traceID,
        startUs,
        durationUs: endUs - startUs,
        hasError: t.spans.some((s) => isErrorTagged(s.tags)),
        operation: first?.operationName ?? '',
      };
    })
    .sort((a, b) => b.startUs - a.startUs);
}
