/**
 * The namespaces use case (Kiali's `GET /api/namespaces`, `/api/namespaces/{ns}/info`) and mTLS
 * status (`/api/namespaces/{ns}/tls`, `/api/clusters/tls`, `/api/mesh/tls`), from the mesh
 * state's registry and PeerAuthentications and DestinationRules.
 */
import type { MtlsInput, MtlsStatus, NamespaceJson } from '@meshlens/mesh-core/inventory';
import { meshMtlsStatus, namespaceMtlsStatus, namespacesOf } from '@meshlens/mesh-core/inventory';
import { unknownNamespace } from '../errors.ts';
import { meshNamespaces } from '../inventory/graph-inventory.ts';
import type { MeshState, MeshStateSource } from '../inventory/mesh-state.ts';
import { requireNamespace } from './object-health-service.ts';

export interface NamespacesService {
  namespaces(): Promise<NamespaceJson[]>;
  namespaceInfo(namespace: string): Promise<NamespaceJson>;
  namespaceTls(namespace: string): Promise<MtlsStatus>;
  /** Empty: every namespace of the mesh. */
  clustersTls(namespaces: readonly string[]): Promise<MtlsStatus[]>;
  meshTls(): Promise<MtlsStatus>;
}

function mtlsInput(state: MeshState): MtlsInput {
  return {
    resources: state.resources,
    rootNamespace: state.rootNamespace,
    clusterDomain: state.clusterDomain,
    autoMtls: state.autoMtls ?? true,
  };
}

export function createNamespacesService(deps: { readonly mesh: MeshStateSource }): NamespacesService {
  return {
    async namespaces() {
      return namespacesOf(await deps.mesh.read());
    },
    async namespaceInfo(namespace) {
      const state = await deps.mesh.read();
      const found = namespacesOf(state).find((n) => n.name === namespace);
      if (found === undefined) throw unknownNamespace(namespace, 'namespace');
      return found;
    },
    async namespaceTls(namespace) {
      const state = await deps.mesh.read();
      requireNamespace(state, namespace);
      return namespaceMtlsStatus(mtlsInput(state), namespace);
    },
    async clustersTls(namespaces) {
      const state = await deps.mesh.read();
      const known = meshNamespaces(state).sort((a, b) => a.localeCompare(b));
      const names = namespaces.length === 0 ? known : [...new Set(namespaces)];
      for (const ns of names) if (!known.includes(ns)) throw unknownNamespace(ns);
      return names.map((ns) => namespaceMtlsStatus(mtlsInput(state), ns));
    },
    async meshTls() {
      return meshMtlsStatus(mtlsInput(await deps.mesh.read()));
    },
  };
}
