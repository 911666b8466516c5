/**
 * A registry Service as Kiali's `Service` JSON, with its ports as Kiali shows them: the protocol
 * Istio gives the port (`istioProtocol`: the `appProtocol`, else the name's prefix before `-` when
 * it is one of Istio's protocols, else `tcp`, as Istio's protocol selection reads them) and the
 * TLS mode of its endpoints (`istio`: every replica runs a proxy).
 */
import type { ServiceInfo, ServicePort } from '../config/kube.ts';
import type { InventoryMesh } from './model.ts';
import { INVENTORY_CLUSTER, stampOf } from './model.ts';
import type { ServiceJson } from './wire.ts';

/** Istio's protocol selection prefixes (istio.io "Protocol Selection"). */
const ISTIO_PROTOCOLS = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'tcp',
  'tls',
  'mongo',
  'mysql',
  'redis',
  'udp',
] as const;

export function istioProtocolOf(port: Pick<ServicePort, 'name' | 'appProtocol'>): string {
  const declared = (port.appProtocol ?? '').toLowerCase();
  if (declared !== '') return declared;
  const name = (port.name ?? '').toLowerCase();
  const known = ISTIO_PROTOCOLS.find((p) => name === p || name.startsWith(`${p}-`));
  return known ?? 'tcp';
}

export function servicePortsJson(s: ServiceInfo): ServiceJson['ports'] {
  return s.ports.map((p) => ({
    name: p.name ?? '',
    protocol: p.protocol,
    port: p.port,
    ...(p.appProtocol === undefined ? {} : { appProtocol: p.appProtocol }),
    istioProtocol: istioProtocolOf(p),
    tlsMode: 'istio',
  }));
}

function specField(s: ServiceInfo, field: string): string {
  const spec = s.resource?.body.spec;
  if (typeof spec !== 'object' || spec === null) return '';
  const value = (spec as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

export function serviceJson(mesh: InventoryMesh, s: ServiceInfo): ServiceJson {
  const stamp = stampOf(mesh, 'Service', s.namespace, s.name);
  return {
    name: s.name,
    namespace: s.namespace,
    cluster: INVENTORY_CLUSTER,
    createdAt: stamp.creationTimestamp,
    resourceVersion: stamp.resourceVersion,
    labels: s.labels,
    annotations: s.annotations,
    selectors: s.selector ?? {},
    type: specField(s, 'type') || 'ClusterIP',
    // Meshlens allocates no cluster IPs: the manifest's, when it names one.
    ip: specField(s, 'clusterIP'),
    externalName: specField(s, 'externalName'),
    ports: servicePortsJson(s),
    additionalDetails: [],
  };
}
