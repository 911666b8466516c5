/**
 * istio appender (kiali appender/istio_details.go): badges from Istio configuration.
 *
 * - Circuit breakers (`hasCB`), only for nodes of the namespace being built: a service node
 *   when a DestinationRule for it has a connection pool or outlier detection; an app node via
 *   the services it received requests for; a node with a version when the rule's top-level
 *   policy, or a subset for that version, has one.
 * - VirtualServices (`hasVS` with their hosts, and request routing, fault injection, traffic
 *   shifting, TCP traffic shifting, timeouts, mirroring), on service nodes.
 * - App labels for service nodes of the namespace, from their Service, for app boxing.
 * - Gateways (`isGateway`): app and workload nodes whose app label and namespace match an
 *   ingress or egress gateway workload, with the hosts of the Gateways selecting it.
 */
import { appLabelOf } from '../../health/inventory.ts';
import type { GraphService, ServiceIstioConfig } from '../model.ts';
import { isOK } from '../node-id.ts';
import type { GraphNode, TrafficMap } from '../traffic-map.ts';
import type { AppenderContext, NamespaceAppender, NamespaceContext } from './context.ts';

type CircuitBreaker = NonNullable<ServiceIstioConfig['circuitBreaker']>;

/** Kiali's `HasDRCircuitBreaker` for one service; `version` '' means any subset. */
function hasCircuitBreaker(cb: CircuitBreaker | undefined, version: string): boolean {
  if (cb === undefined) return false;
  if (cb.serviceWide) return true;
  if (version === '') return cb.subsetVersions.length > 0 || cb.unversionedSubset === true;
  return cb.subsetVersions.includes(version);
}

function destServices(node: GraphNode, ctx: AppenderContext): GraphService[] {
  const services: GraphService[] = [];
  for (const ds of node.meta.destServices?.values() ?? []) {
    const s = ctx.inventory.service(ds.namespace, ds.name);
    if (s !== undefined) services.push(s);
  }
  return services;
}

function applyCircuitBreaker(node: GraphNode, namespace: string, ctx: AppenderContext): void {
  if (node.namespace !== namespace) return;
  if (node.nodeType === 'service') {
    if (hasCircuitBreaker(ctx.inventory.service(node.namespace, node.service)?.istio?.circuitBreaker, '')) {
      node.meta.hasCB = true;
    }
    return;
  }
  const version = isOK(node.version) ? node.version : '';
  if (version === '' && node.nodeType !== 'app') return;
  if (destServices(node, ctx).some((s) => hasCircuitBreaker(s.istio?.circuitBreaker, version))) {
    node.meta.hasCB = true;
  }
}

function applyVirtualServices(node: GraphNode, ctx: AppenderContext): void {
  if (node.nodeType !== 'service') return;
  const istio = ctx.inventory.service(node.namespace, node.service)?.istio;
  if (istio?.virtualServices === undefined) return;
  const entries = Object.entries(istio.virtualServices);
  if (entries.length === 0) return;
  const hasVS = (node.meta.hasVS ??= new Map());
  for (const [name, hosts] of entries) if (hosts.length > 0) hasVS.set(name, hosts);
  const m = node.meta;
  if (istio.hasRequestRouting === true) m.hasRequestRouting = true;
  if (istio.hasRequestTimeout === true) m.hasRequestTimeout = true;
  if (istio.hasFaultInjection === true) m.hasFaultInjection = true;
  if (istio.hasTrafficShifting === true) m.hasTrafficShifting = true;
  if (istio.hasTCPTrafficShifting === true) m.hasTCPTrafficShifting = true;
  if (istio.hasMirroring === true) m.hasMirroring = true;
}

function applyServiceAppLabel(node: GraphNode, namespace: string, ctx: AppenderContext): void {
  if (node.nodeType !== 'service' || node.namespace !== namespace || node.app !== '') return;
  if (node.meta.isEgressCluster === true) return;
  const service = ctx.inventory.service(node.namespace, node.service);
  const app = service === undefined ? undefined : appLabelOf(service.labels);
  if (app !== undefined) node.app = app;
}

function applyGateway(node: GraphNode, ctx: AppenderContext): void {
  if (node.meta.gateway !== undefined || (node.nodeType !== 'app' && node.nodeType !== 'workload')) return;
  if (node.app === '') return;
  const gateway = ctx.inventory.gateway(node.namespace, node.app)?.gateway;
  if (gateway !== undefined) node.meta.gateway = { type: gateway.type, hostnames: [...gateway.hostnames] };
}

export const istioAppender: NamespaceAppender = {
  name: 'istio',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    const { namespace } = ctx;
    for (const node of map.values()) {
      applyCircuitBreaker(node, namespace, ctx);
      applyVirtualServices(node, ctx);
      applyServiceAppLabel(node, namespace, ctx);
      applyGateway(node, ctx);
    }
  },
};
