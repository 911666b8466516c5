/**
 * Kiali's namespaces (kiali models/namespaces.go): every namespace of the registry (declared, or
 * holding Services, Deployments or Istio config), by name, the control plane's being Istio's root
 * namespace; `revision` is the namespace's `istio.io/rev` label when it has one. Meshlens runs no
 * ambient mode, so no namespace is ambient.
 */
import type { InventoryMesh } from './model.ts';
import { INVENTORY_CLUSTER } from './model.ts';
import type { NamespaceJson } from './wire.ts';

const REVISION_LABEL = 'istio.io/rev';

export function namespacesOf(mesh: Pick<InventoryMesh, 'registry' | 'rootNamespace'>): NamespaceJson[] {
  const sorted = [...mesh.registry.namespaces].sort((a, b) => a.name.localeCompare(b.name));
  return sorted.map((n) => {
    const revision = n.labels[REVISION_LABEL];
    return {
      name: n.name,
      cluster: INVENTORY_CLUSTER,
      isAmbient: false,
      isControlPlane: n.name === mesh.rootNamespace,
      labels: n.labels,
      // The registry keeps no Namespace annotations.
      annotations: {},
      ...(revision === undefined ? {} : { revision }),
    };
  });
}
