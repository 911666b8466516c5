/**
 * The simulated mesh as the console reads a mesh (`MeshStateSource`): a registry with the
 * namespaces, one Service per app, one Deployment per app version (and the ingress gateway's),
 * a ServiceAccount per app; one ready replica per workload, each with a Synced proxy; and every
 * namespace created when the simulation started, so graphs never average over time before it.
 */
import type { MeshRegistry, NamespaceInfo, ServiceInfo, WorkloadInfo } from '@meshlens/mesh-core/config';
import type { MeshState, MeshStateSource } from '../console/index.ts';
import type { SimMesh } from './topology.ts';
import { GATEWAY_NAMESPACE, HTTP_PORT } from './topology.ts';

function registryOf(mesh: SimMesh): MeshRegistry {
  const namespaces = [GATEWAY_NAMESPACE, ...mesh.namespaces].map((name): NamespaceInfo => ({
    name,
    labels: name === GATEWAY_NAMESPACE ? {} : { 'istio-injection': 'enabled' },
    described: true,
  }));
  const workloads = mesh.workloads.map((w): WorkloadInfo => ({
    name: w.name,
    namespace: w.namespace,
    kind: 'Deployment',
    labels: w.labels,
    annotations: {},
    replicas: 1,
    serviceAccountName: w.serviceAccount,
    containers: [
      {
        name: w.kind === 'gateway' ? 'istio-proxy' : w.app,
        image: `example.com/${w.app}:${w.version ?? 'latest'}`,
        ports: [],
        env: [],
        command: [],
        args: [],
      },
    ],
  }));
  const gatewayService: ServiceInfo = {
    name: 'istio-ingressgateway',
    namespace: GATEWAY_NAMESPACE,
    labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    annotations: {},
    selector: { istio: 'ingressgateway' },
    ports: [{ name: 'http2', port: 80, targetPort: HTTP_PORT, protocol: 'TCP' }],
  };
  const services = mesh.services.map((s): ServiceInfo => ({
    name: s.name,
    namespace: s.namespace,
    labels: { app: s.app, service: s.name },
    annotations: {},
    selector: { app: s.app },
    ports: [{ name: s.protocol === 'tcp' ? 'tcp' : 'http', port: s.port, protocol: 'TCP' }],
  }));
  const accounts = new Map(mesh.workloads.map((w) => [`${w.namespace}/${w.serviceAccount}`, w]));
  return {
    namespaces,
    services: [gatewayService, ...services],
    workloads,
    serviceAccounts: [...accounts.values()].map((w) => ({ name: w.serviceAccount, namespace: w.namespace })),
  };
}

export function simulatedMeshState(mesh: SimMesh, startedSec: number): MeshState {
  const registry = registryOf(mesh);
  return {
    registry,
    resources: [],
    rootNamespace: GATEWAY_NAMESPACE,
    clusterDomain: 'cluster.local',
    namespaceCreatedSec: new Map(registry.namespaces.map((n) => [n.name, startedSec])),
    instances: mesh.workloads.map((w) => ({
      namespace: w.namespace,
      workload: w.name,
      pod: w.pod,
      ready: true,
    })),
    proxies: mesh.workloads.map((w) => ({ namespace: w.namespace, workload: w.name, synced: true })),
  };
}

/** A fixed mesh: the simulation does not change while it runs. */
export function simulatedMeshSource(mesh: SimMesh, startedSec: number): MeshStateSource {
  const state = simulatedMeshState(mesh, startedSec);
  return { read: () => Promise.resolve(state) };
}
