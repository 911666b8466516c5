/**
 * KIA0701: the Deployment behind a Service exposes no container port for one of the Service's
 * ports, so traffic to that port has nowhere to go.
 *
 * Kiali (`business/checkers/services/port_mapping_checker.go`): the Deployment is the first one of
 * the Service's namespace whose own metadata labels match the Service selector (a Service without
 * selector is skipped). A port's `targetPort` given as a non-empty string must be the name of a
 * container port; otherwise the number (`targetPort`, else `port`, as Kubernetes defaults it) must
 * be a `containerPort`. Services of the control plane namespace (debug ports not in Deployments),
 * waypoints and gateways (generated) are skipped.
 */
import type { ServiceInfo, ServicePort, WorkloadInfo } from '../../../config/kube.ts';
import type { RuleFinding } from '../../finding.ts';
import { defineServiceRule } from '../../rule.ts';
import { deploymentsSelected } from './workload-selection.ts';

export const serviceDeploymentPortRule = defineServiceRule({
  id: 'service/deployment-port',
  check(service, ctx) {
    if (service.namespace === ctx.options.rootNamespace || isWaypointOrGateway(service)) return [];
    const selector = service.selector ?? {};
    if (Object.keys(selector).length === 0) return [];
    const deployment = deploymentsSelected(service.namespace, selector, ctx)[0];
    if (!deployment) return [];
    return service.ports
      .map((port, index) => ({ port, index }))
      .filter(({ port }) => !exposes(deployment, port))
      .map(({ index }): RuleFinding => ({ code: 'KIA0701', path: ['spec', 'ports', index] }));
  },
});

function exposes(deployment: WorkloadInfo, port: ServicePort): boolean {
  const target = port.targetPort;
  const containerPorts = deployment.containers.flatMap((c) => c.ports);
  if (typeof target === 'string' && target !== '') return containerPorts.some((cp) => cp.name === target);
  const number = typeof target === 'number' && target > 0 ? target : port.port;
  return containerPorts.some((cp) => cp.containerPort === number);
}

/** Kiali's config.IsWaypoint / config.IsGateway on the Service's labels. */
function isWaypointOrGateway(service: ServiceInfo): boolean {
  const l = service.labels;
  return (
    l['gateway.istio.io/managed'] === 'istio.io-mesh-controller' ||
    (l['gateway.networking.k8s.io/gateway-name']?.toLowerCase().includes('waypoint') ?? false) ||
    l['operator.istio.io/component'] === 'IngressGateways' ||
    l['operator.istio.io/component'] === 'EgressGateways' ||
    l.istio === 'ingressgateway' ||
    l.istio === 'egressgateway' ||
    l['istio.io/gateway-name'] !== undefined ||
    l['gateway.istio.io/managed'] === 'istio.io-gateway-controller'
  );
}
