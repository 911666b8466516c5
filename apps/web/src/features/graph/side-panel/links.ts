/**
 * Where a graph node leads: its detail pages and its node graph, at Kiali's paths
 * (`/namespaces/{ns}/applications/{app}`, `…/workloads/{w}`, `…/services/{s}`, and
 * `/graph/node/namespaces/{ns}/applications/{app}[/versions/{v}]`, `…/workloads/{w}`,
 * `…/services/{s}`). Unknown, aggregate, box and inaccessible nodes lead nowhere.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';

export interface NodeLink {
  readonly kind: 'Application' | 'Workload' | 'Service';
  readonly name: string;
  readonly path: string;
}

const seg = encodeURIComponent;

export function detailPath(kind: NodeLink['kind'], namespace: string, name: string): string {
  const plural = kind === 'Application' ? 'applications' : kind === 'Workload' ? 'workloads' : 'services';
  return `/namespaces/${seg(namespace)}/${plural}/${seg(name)}`;
}

/** The node's detail pages: its app, its workload, and the services it serves. */
export function nodeDetailLinks(node: GraphNodeData): NodeLink[] {
  if (node.isInaccessible === true || node.nodeType === 'unknown' || node.nodeType === 'aggregate') return [];
  if (node.nodeType === 'box') return [];
  const ns = node.namespace;
  const links: NodeLink[] = [];
  const add = (kind: NodeLink['kind'], name: string | undefined) => {
    if (name === undefined || name === '' || name === 'unknown') return;
    if (links.some((l) => l.kind === kind && l.name === name)) return;
    links.push({ kind, name, path: detailPath(kind, ns, name) });
  };
  if (node.nodeType === 'service') {
    add('Service', node.service);
    return links;
  }
  add('Application', node.app);
  add('Workload', node.workload);
  for (const s of node.destServices ?? []) if (s.namespace === ns) add('Service', s.name);
  return links;
}

/** The node's own graph (Kiali's "Show node graph"). */
export function nodeGraphPath(node: GraphNodeData, graphType: string): string | undefined {
  if (node.isInaccessible === true) return undefined;
  const base = `/graph/node/namespaces/${seg(node.namespace)}`;
  switch (node.nodeType) {
    case 'app': {
      if (node.app === undefined || node.app === 'unknown') return undefined;
      const versioned =
        graphType !== 'app' &&
        node.version !== undefined &&
        node.version !== '' &&
        node.version !== 'unknown';
      return `${base}/applications/${seg(node.app)}${versioned ? `/versions/${seg(node.version ?? '')}` : ''}`;
    }
    case 'workload':
      return node.workload === undefined ? undefined : `${base}/workloads/${seg(node.workload)}`;
    case 'service':
      return node.service === undefined ? undefined : `${base}/services/${seg(node.service)}`;
    case 'aggregate':
    case 'box':
    case 'unknown':
      return undefined;
  }
}
