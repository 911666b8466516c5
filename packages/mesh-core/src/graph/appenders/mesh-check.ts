/**
 * meshCheck appender (kiali appender/mesh_check.go): flags workload and app nodes whose
 * backing workloads lack a sidecar as `isOutOfMesh`. Nodes in control-plane namespaces, in
 * inaccessible namespaces, dead nodes and nodes without backing workloads are not flagged.
 */
import { isOKVersion } from '../node-id.ts';
import type { TrafficMap } from '../traffic-map.ts';
import type { NamespaceAppender, NamespaceContext } from './context.ts';

export const meshCheckAppender: NamespaceAppender = {
  name: 'meshCheck',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    for (const node of map.values()) {
      if (node.meta.isOutOfMesh === true || node.meta.isDead === true) continue;
      if (!ctx.inventory.isAccessible(node.namespace) || ctx.inventory.isIstioNamespace(node.namespace))
        continue;
      let hasSidecar: boolean;
      if (node.nodeType === 'workload') {
        hasSidecar = ctx.inventory.workload(node.namespace, node.workload)?.hasSidecar ?? true;
      } else if (node.nodeType === 'app') {
        const version = isOKVersion(node.version) ? node.version : undefined;
        hasSidecar = ctx.inventory.appWorkloads(node.namespace, node.app, version).every((w) => w.hasSidecar);
      } else {
        continue;
      }
      if (!hasSidecar) node.meta.isOutOfMesh = true;
    }
  },
};
