/**
 * Which graph a page shows: the namespace graph, or Kiali's node-detail graph of an app (or one
 * of its versions), a workload or a service — the target's page path and its API path.
 */
import type { GraphNodeData, GraphType } from '@meshlens/mesh-core/graph';

export type GraphTarget =
  | { readonly kind: 'namespaces' }
  | { readonly kind: 'app'; readonly namespace: string; readonly app: string; readonly version?: string }
  | { readonly kind: 'workload'; readonly namespace: string; readonly workload: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly service: string };

const seg = encodeURIComponent;

/** The path after `/graph` (page) or `/api` (answer) for a node target. */
function nodePath(target: Exclude<GraphTarget, { kind: 'namespaces' }>): string {
  const ns = `/namespaces/${seg(target.namespace)}`;
  switch (target.kind) {
    case 'app':
      return target.version === undefined
        ? `${ns}/applications/${seg(target.app)}`
        : `${ns}/applications/${seg(target.app)}/versions/${seg(target.version)}`;
    case 'workload':
      return `${ns}/workloads/${seg(target.workload)}`;
    case 'service':
      return `${ns}/services/${seg(target.service)}`;
  }
}

export function targetPagePath(target: GraphTarget): string {
  return target.kind === 'namespaces' ? '/graph/namespaces' : `/graph/node${nodePath(target)}`;
}

export function targetApiPath(target: GraphTarget): string {
  return target.kind === 'namespaces' ? '/api/namespaces/graph' : `/api${nodePath(target)}/graph`;
}

export function targetTitle(target: GraphTarget): string {
  switch (target.kind) {
    case 'namespaces':
      return 'Traffic Graph';
    case 'app':
      return `App ${target.app}${target.version === undefined ? '' : ` ${target.version}`}`;
    case 'workload':
      return `Workload ${target.workload}`;
    case 'service':
      return `Service ${target.service}`;
  }
}

/**
 * The node graph a double-click on `node` opens, as Kiali does: an app box opens its app, an app
 * node its version (in versioned graphs), workloads and services their own; unknown, aggregate
 * and inaccessible nodes have none.
 */
export function nodeTarget(node: GraphNodeData, graphType: GraphType): GraphTarget | undefined {
  const namespace = node.namespace;
  if (node.isInaccessible === true || namespace === '' || namespace === 'unknown') return undefined;
  switch (node.nodeType) {
    case 'box':
      return node.isBox === 'app' && node.app !== undefined
        ? { kind: 'app', namespace, app: node.app }
        : undefined;
    case 'app': {
      if (node.app === undefined || node.app === 'unknown') return undefined;
      const version = node.version;
      return graphType === 'versionedApp' && version !== undefined && version !== '' && version !== 'unknown'
        ? { kind: 'app', namespace, app: node.app, version }
        : { kind: 'app', namespace, app: node.app };
    }
    case 'workload':
      return node.workload === undefined
        ? undefined
        : { kind: 'workload', namespace, workload: node.workload };
    case 'service':
      return node.service === undefined ? undefined : { kind: 'service', namespace, service: node.service };
    case 'unknown':
    case 'aggregate':
      return undefined;
  }
}
