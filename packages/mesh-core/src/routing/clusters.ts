/**
 * Clusters of a proxy snapshot, as Istio builds them. Each Service port visible to the proxy
 * gives `outbound|<port>||<fqdn>` plus one `outbound|<port>|<subset>|<fqdn>` per subset of the
 * DestinationRule that applies to it (the proxy's namespace first, then the service's, then the
 * root namespace: Istio's order). Endpoints are the replicas of the workloads the Service selects
 * (and the subset's labels), at the container port the Service's targetPort names.
 *
 * Traffic policy merge (Istio's MergeTrafficPolicy): start from the DestinationRule's top-level
 * policy, let its port-level settings for this port replace blocks, then the subset's policy,
 * then the subset's port-level settings; each of connectionPool, loadBalancer, outlierDetection
 * and tls is replaced whole, never merged field by field. The merged blocks give the cluster's
 * circuit breakers and outlier detection (`cluster-policy.ts`); inbound, passthrough and blackhole
 * clusters get Istio's default connection pool.
 */
import type { ServiceInfo, WorkloadInfo } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import type { DestinationRuleSpec } from '../config/istio-types.gen.ts';
import type { ValidationContext } from '../validation/context.ts';
import {
  isExportedTo,
  parseHost,
  selectorMatches,
  serviceExportTo,
  wildcardCovers,
} from '../validation/hosts.ts';
import { connectionPoolOf, outlierDetectionOf } from './cluster-policy.ts';
import type { Cluster, Endpoint, LbPolicy, TrafficPolicy } from './snapshot.ts';
import {
  blackHoleCluster,
  defaultConnectionPool,
  inboundClusterName,
  outboundClusterName,
  passthroughCluster,
} from './snapshot.ts';

type DrPolicy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
type PolicyBlocks = Pick<DrPolicy, 'connectionPool' | 'loadBalancer' | 'outlierDetection' | 'tls'>;

const blocks = ['connectionPool', 'loadBalancer', 'outlierDetection', 'tls'] as const;

/** Services whose `networking.istio.io/exportTo` lets the proxy's namespace see them. */
export function visibleServices(ctx: ValidationContext, proxyNamespace: string): ServiceInfo[] {
  return ctx.registry.services.filter((s) => isExportedTo(serviceExportTo(s), s.namespace, proxyNamespace));
}

export function serviceFqdn(service: ServiceInfo, ctx: ValidationContext): string {
  return `${service.name}.${service.namespace}.svc.${ctx.options.clusterDomain}`;
}

/** The DestinationRule that applies to `fqdn` for a proxy of `proxyNamespace`, as Istio picks it. */
export function destinationRuleFor(
  service: ServiceInfo,
  ctx: ValidationContext,
  proxyNamespace: string,
): IstioResource<'DestinationRule'> | undefined {
  const fqdn = serviceFqdn(service, ctx);
  const order = [proxyNamespace, service.namespace, ctx.options.rootNamespace];
  let best: { dr: IstioResource<'DestinationRule'>; rank: number } | undefined;
  for (const dr of ctx.resourcesOf('DestinationRule')) {
    const nsRank = order.indexOf(dr.metadata.namespace);
    if (nsRank < 0 || !isExportedTo(dr.spec.exportTo, dr.metadata.namespace, proxyNamespace)) continue;
    const host = parseHost(dr.spec.host, dr.metadata.namespace, ctx).fqdn;
    const exact = host === fqdn;
    if (!exact && !(host.startsWith('*') && wildcardCovers(host, fqdn))) continue;
    const rank = nsRank * 2 + (exact ? 0 : 1);
    if (!best || rank < best.rank) best = { dr, rank };
  }
  return best?.dr;
}

function portLevel(policy: DrPolicy | undefined, port: number): PolicyBlocks | undefined {
  return policy?.portLevelSettings?.find((p) => p.port?.number === port);
}

/** Istio's block-by-block replacement, in order from least to most specific. */
export function effectiveTrafficPolicy(
  top: DrPolicy | undefined,
  subset: DrPolicy | undefined,
  port: number,
): TrafficPolicy {
  const out: TrafficPolicy = {};
  for (const layer of [top, portLevel(top, port), subset, portLevel(subset, port)]) {
    if (!layer) continue;
    for (const block of blocks) {
      const value = layer[block];
      // The typed spec is JSON read from YAML, so each block is JSON as the schema wants it.
      if (value !== undefined) out[block] = value;
    }
  }
  return out;
}

/** The Envoy LB policy of a merged traffic policy; Istio's default is LEAST_REQUEST. */
export function lbPolicyOf(policy: TrafficPolicy): LbPolicy {
  const lb = policy.loadBalancer as PolicyBlocks['loadBalancer'];
  const hash = lb?.consistentHash;
  if (hash) {
    if (hash.httpHeaderName !== undefined)
      return { type: 'CONSISTENT_HASH', hashOn: { httpHeaderName: hash.httpHeaderName } };
    if (hash.httpCookie) {
      const { name, path, ttl } = hash.httpCookie;
      return {
        type: 'CONSISTENT_HASH',
        hashOn: { httpCookie: { name, ...(path ? { path } : {}), ...(ttl ? { ttl } : {}) } },
      };
    }
    if (hash.useSourceIp === true) return { type: 'CONSISTENT_HASH', hashOn: { useSourceIp: true } };
    if (hash.httpQueryParameterName !== undefined) {
      return { type: 'CONSISTENT_HASH', hashOn: { httpQueryParameterName: hash.httpQueryParameterName } };
    }
  }
  switch (lb?.simple) {
    case 'ROUND_ROBIN':
    case 'RANDOM':
    case 'PASSTHROUGH':
    case 'LEAST_REQUEST':
      return { type: lb.simple };
    case 'LEAST_CONN':
      return { type: 'LEAST_REQUEST' };
    case 'UNSPECIFIED':
    case undefined:
      return { type: 'LEAST_REQUEST' };
  }
}

/** The container port a Service port's targetPort names on `workload`, if it has one. */
function targetPortOn(port: ServiceInfo['ports'][number], workload: WorkloadInfo): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const c of workload.containers) for (const p of c.ports) if (p.name === target) return p.containerPort;
  return undefined;
}

function endpointsOf(
  service: ServiceInfo,
  port: ServiceInfo['ports'][number],
  subsetLabels: Readonly<Record<string, string>> | undefined,
  ctx: ValidationContext,
): Endpoint[] {
  if (!service.selector) return [];
  const endpoints: Endpoint[] = [];
  for (const w of ctx.registry.workloads) {
    if (w.namespace !== service.namespace) continue;
    if (!selectorMatches(service.selector, w.labels) || !selectorMatches(subsetLabels, w.labels)) continue;
    const target = targetPortOn(port, w);
    if (target === undefined) continue;
    for (let replica = 0; replica < w.replicas; replica++) {
      endpoints.push({
        workload: w.name,
        namespace: w.namespace,
        replica,
        port: target,
        labels: w.labels,
        address: null,
      });
    }
  }
  return endpoints;
}

/** What a merged traffic policy makes of a cluster: load balancing, circuit breakers, ejection. */
function resilience(
  policy: TrafficPolicy,
): Pick<Cluster, 'lbPolicy' | 'trafficPolicy' | 'connectionPool' | 'outlierDetection'> {
  const outlier = outlierDetectionOf(policy);
  return {
    lbPolicy: lbPolicyOf(policy),
    trafficPolicy: policy,
    connectionPool: connectionPoolOf(policy),
    ...(outlier ? { outlierDetection: outlier } : {}),
  };
}

/** Every outbound cluster of the services visible to a proxy of `proxyNamespace`. */
export function outboundClusters(ctx: ValidationContext, proxyNamespace: string): Cluster[] {
  const clusters: Cluster[] = [];
  for (const service of visibleServices(ctx, proxyNamespace)) {
    const fqdn = serviceFqdn(service, ctx);
    const dr = destinationRuleFor(service, ctx, proxyNamespace);
    for (const port of service.ports) {
      if (port.protocol !== 'TCP') continue;
      const ref = { name: service.name, namespace: service.namespace, fqdn, port: port.port };
      const top = effectiveTrafficPolicy(dr?.spec.trafficPolicy, undefined, port.port);
      clusters.push({
        name: outboundClusterName(port.port, undefined, fqdn),
        kind: 'outbound',
        service: ref,
        endpoints: endpointsOf(service, port, undefined, ctx),
        ...resilience(top),
      });
      for (const subset of dr?.spec.subsets ?? []) {
        const policy = effectiveTrafficPolicy(dr?.spec.trafficPolicy, subset.trafficPolicy, port.port);
        clusters.push({
          name: outboundClusterName(port.port, subset.name, fqdn),
          kind: 'outbound',
          service: ref,
          subset: subset.name,
          endpoints: endpointsOf(service, port, subset.labels, ctx),
          ...resilience(policy),
        });
      }
    }
  }
  return clusters;
}

/**
 * The one service that selects `workload` and sends to `containerPort`, as Istio's inbound
 * cluster metadata names it (the `services` pilot attaches). Telemetry takes the inbound
 * `destination_service` from it; with none, or several, Istio falls back to the Host header.
 */
function inboundService(
  workload: WorkloadInfo,
  containerPort: number,
  ctx: ValidationContext,
): Cluster['service'] {
  const found: NonNullable<Cluster['service']>[] = [];
  for (const s of ctx.registry.services) {
    if (s.namespace !== workload.namespace || !s.selector || !selectorMatches(s.selector, workload.labels))
      continue;
    const port = s.ports.find((p) => targetPortOn(p, workload) === containerPort);
    if (port !== undefined)
      found.push({ name: s.name, namespace: s.namespace, fqdn: serviceFqdn(s, ctx), port: port.port });
  }
  return found.length === 1 ? found[0] : undefined;
}

/** One `inbound|<port>||` cluster per container port of the proxy's own workload. */
export function inboundClusters(workload: WorkloadInfo, ctx: ValidationContext): Cluster[] {
  const ports = new Set<number>();
  for (const c of workload.containers)
    for (const p of c.ports) if (p.protocol === 'TCP') ports.add(p.containerPort);
  return [...ports].map((port) => {
    const service = inboundService(workload, port, ctx);
    return {
      name: inboundClusterName(port),
      kind: 'inbound' as const,
      ...(service === undefined ? {} : { service }),
      endpoints: [
        {
          workload: workload.name,
          namespace: workload.namespace,
          replica: 0,
          port,
          labels: workload.labels,
          address: null,
        },
      ],
      lbPolicy: { type: 'ROUND_ROBIN' as const },
      trafficPolicy: {},
      connectionPool: defaultConnectionPool(),
    };
  });
}

export function specialClusters(): Cluster[] {
  return [
    {
      name: passthroughCluster,
      kind: 'passthrough',
      endpoints: [],
      lbPolicy: { type: 'PASSTHROUGH' },
      trafficPolicy: {},
      connectionPool: defaultConnectionPool(),
    },
    {
      name: blackHoleCluster,
      kind: 'blackhole',
      endpoints: [],
      lbPolicy: { type: 'ROUND_ROBIN' },
      trafficPolicy: {},
      connectionPool: defaultConnectionPool(),
    },
  ];
}
