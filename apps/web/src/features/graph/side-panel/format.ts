/** How the side panel writes numbers and names (Kiali's summary-panel formats). */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';

export const rps = (n: number) => n.toFixed(2);
export const percent = (n: number) => `${n.toFixed(1)}%`;

export function bytesPerSec(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB/s`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KiB/s`;
  return `${n.toFixed(2)} B/s`;
}

export const NODE_TYPE_TITLES: Readonly<Record<GraphNodeData['nodeType'], string>> = {
  app: 'Application',
  workload: 'Workload',
  service: 'Service',
  unknown: 'Unknown',
  aggregate: 'Operation',
  box: 'Box',
};

/** The node's name as the panel titles it: app (and version), workload, service or operation. */
export function nodeTitle(node: GraphNodeData): string {
  switch (node.nodeType) {
    case 'app':
      return node.version !== undefined && node.version !== '' && node.version !== 'unknown'
        ? `${node.app ?? ''} ${node.version}`
        : (node.app ?? '');
    case 'workload':
      return node.workload ?? '';
    case 'service':
      return node.service ?? '';
    case 'aggregate':
      return node.aggregate ?? '';
    case 'unknown':
      return 'unknown';
    case 'box':
      return node.app ?? node.namespace;
  }
}
