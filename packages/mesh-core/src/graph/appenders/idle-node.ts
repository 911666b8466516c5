/**
 * idleNode appender (kiali appender/idle_node.go): adds the namespace's services (for service
 * graphs, or when service nodes are injected) and workloads (for other graph types) that saw
 * no request, as nodes flagged `isIdle`.
 */
import { appLabelOf, versionLabelOf } from '../../health/inventory.ts';
import { UNKNOWN, nodeFields, nodeIdentity } from '../node-id.ts';
import type { TrafficMap } from '../traffic-map.ts';
import { newNode } from '../traffic-map.ts';
import type { NamespaceAppender, NamespaceContext } from './context.ts';

export const idleNodeAppender: NamespaceAppender = {
  name: 'idleNode',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    const { namespace } = ctx;
    const { graphType, injectServiceNodes } = ctx.options;
    const cluster = ctx.inventory.cluster;
    const add = (labels: Parameters<typeof nodeIdentity>[0]): void => {
      const identity = nodeIdentity(labels, graphType);
      if (identity === undefined || map.has(identity.id)) return;
      const node = newNode(identity, cluster, nodeFields(labels, identity.nodeType, graphType));
      node.meta.isIdle = true;
      map.set(identity.id, node);
    };
    if (graphType === 'service' || injectServiceNodes) {
      for (const s of ctx.inventory.servicesOf(namespace)) {
        add({
          cluster,
          serviceNamespace: namespace,
          service: s.name,
          workloadNamespace: '',
          workload: '',
          app: '',
          version: '',
        });
      }
    }
    if (graphType !== 'service') {
      for (const w of ctx.inventory.workloadsOf(namespace)) {
        add({
          cluster,
          serviceNamespace: '',
          service: '',
          workloadNamespace: namespace,
          workload: w.name,
          app: appLabelOf(w.labels) ?? UNKNOWN,
          version: versionLabelOf(w.labels) ?? UNKNOWN,
        });
      }
    }
  },
};
