/**
 * What Kiali's Service port checks (`business/checkers/services/port_mapping_checker.go`) share:
 * Istio's protocol names, and which Services are subject to the naming checks.
 *
 * Kiali checks port names and appProtocols only for Services with pods running an Istio sidecar.
 * Here a Service has such pods when a Deployment of its namespace with replicas is selected by it
 * (a Service without selector selects every pod of its namespace, as Kubernetes' empty selector
 * does for Kiali's pod filter) and is not opted out of injection (`sidecar.istio.io/inject:
 * "false"` on the pod template, or `istio-injection: disabled` on the namespace): Meshlens, like
 * an injection-enabled namespace, runs a sidecar next to every workload instance. Services
 * labelled `kiali_wizard` and UDP ports (not proxied) are exempt.
 */
import type { MeshRegistry, ServiceInfo, ServicePort, WorkloadInfo } from '../../../config/kube.ts';
import type { ValidationContext } from '../../context.ts';
import { workloadsSelected } from './workload-selection.ts';

/** Kiali's portProtocols (`kubernetes/istio_details.go`). */
export const portProtocols = [
  'grpc',
  'grpc-web',
  'http',
  'http2',
  'https',
  'mongo',
  'redis',
  'tcp',
  'tls',
  'udp',
  'mysql',
] as const;

function buildInjectionDisabledNamespaces(registry: MeshRegistry): ReadonlySet<string> {
  return new Set(
    registry.namespaces.filter((n) => n.labels['istio-injection'] === 'disabled').map((n) => n.name),
  );
}

function hasSidecar(w: WorkloadInfo): boolean {
  return (
    w.replicas > 0 &&
    w.annotations['sidecar.istio.io/inject'] !== 'false' &&
    w.labels['sidecar.istio.io/inject'] !== 'false'
  );
}

/** Whether Kiali would check the port names of `service`. */
export function hasPodsWithSidecar(service: ServiceInfo, ctx: ValidationContext): boolean {
  if (ctx.registryIndex(buildInjectionDisabledNamespaces).has(service.namespace)) return false;
  return workloadsSelected(service.namespace, service.selector ?? {}, ctx).some(hasSidecar);
}

/** The ports the naming checks look at, with their index in `spec.ports`. */
export function namedPortsToCheck(service: ServiceInfo): { port: ServicePort; index: number }[] {
  if (service.labels.kiali_wizard !== undefined) return [];
  return service.ports
    .map((port, index) => ({ port, index }))
    .filter(({ port }) => port.protocol.toLowerCase() !== 'udp');
}
