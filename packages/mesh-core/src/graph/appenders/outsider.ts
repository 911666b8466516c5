/**
 * outsider finalizer (kiali appender/outsider.go), always run first: nodes outside the
 * requested namespaces are `isOutside`; the unknown node, unknown-namespace services, egress
 * clusters and nodes of namespaces the caller cannot see are `isInaccessible`.
 */
import { UNKNOWN } from '../node-id.ts';
import type { TrafficMap } from '../traffic-map.ts';
import type { AppenderContext, Finalizer } from './context.ts';

export const outsiderFinalizer: Finalizer = {
  name: 'outsider',
  finalize(map: TrafficMap, ctx: AppenderContext): void {
    const requested = new Set(ctx.options.namespaces);
    const isOutside = (namespace: string): boolean => namespace !== UNKNOWN && !requested.has(namespace);
    for (const node of map.values()) {
      const m = node.meta;
      if (node.nodeType === 'unknown') {
        m.isInaccessible = true;
      } else if (node.nodeType === 'service' && (node.namespace === UNKNOWN || m.isEgressCluster === true)) {
        m.isInaccessible = true;
      } else if (isOutside(node.namespace)) {
        m.isOutside = true;
      }
      if (m.isInaccessible !== true && !ctx.inventory.isAccessible(node.namespace)) m.isInaccessible = true;
    }
  },
};
