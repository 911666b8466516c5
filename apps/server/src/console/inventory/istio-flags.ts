/**
 * The Istio badges of a service node (Kiali's istio appender, graph/telemetry/istio/appender/
 * istio_details.go, with models/virtual_services.go and models/destination_rules.go), computed
 * from the stored VirtualServices and DestinationRules of every namespace:
 *
 * - A VirtualService applies to a service when one of its http, tcp or tls routes has a
 *   destination whose host names the service (Kiali's `FilterByHost`: the short name from the
 *   service's own namespace, `name.ns`, `name.ns.svc` or `name.ns.svc.<domain>`). As in Kiali,
 *   only the first such VirtualService (in store order) badges the service. Its flags:
 *   - request routing: some route has a destination (http, tcp or tls);
 *   - request timeout: some http route has a `timeout`;
 *   - fault injection: some http route has a `fault`;
 *   - traffic shifting: some http route has more than one destination, whatever the weights;
 *   - TCP traffic shifting: the same for tcp routes;
 *   - mirroring: some http route has a `mirror` (or, since Istio 1.19, `mirrors`; Kiali checks
 *     only `mirror`).
 * - A DestinationRule whose host names the service gives it a circuit breaker when its top-level
 *   traffic policy has a connection pool or outlier detection (service-wide), or a subset's does
 *   (for the subset's `version` label).
 */
import type { DestinationRuleSpec, IstioResource, VirtualServiceSpec } from '@meshlens/mesh-core/config';
import type { ServiceIstioConfig } from '@meshlens/mesh-core/graph';
import { versionLabelOf } from '@meshlens/mesh-core/health';
import type { ServiceRef } from '@meshlens/mesh-core/inventory';
import { hostNamesService } from '@meshlens/mesh-core/inventory';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
type TcpRoute = NonNullable<VirtualServiceSpec['tcp']>[number];
type TlsRoute = NonNullable<VirtualServiceSpec['tls']>[number];
type AnyRoute = HttpRoute | TcpRoute | TlsRoute;

function routesOf(spec: VirtualServiceSpec): AnyRoute[] {
  return [...(spec.http ?? []), ...(spec.tcp ?? []), ...(spec.tls ?? [])];
}

function destinationCount(route: AnyRoute): number {
  return route.route?.length ?? 0;
}

/** The flags one VirtualService gives the services it routes to. */
export function virtualServiceFlags(spec: VirtualServiceSpec): Omit<ServiceIstioConfig, 'circuitBreaker'> {
  const http = spec.http ?? [];
  return {
    hasRequestRouting: routesOf(spec).some((r) => destinationCount(r) > 0),
    hasRequestTimeout: http.some((r) => r.timeout !== undefined),
    hasFaultInjection: http.some((r) => r.fault !== undefined),
    hasTrafficShifting: http.some((r) => destinationCount(r) > 1),
    hasTCPTrafficShifting: (spec.tcp ?? []).some((r) => destinationCount(r) > 1),
    hasMirroring: http.some((r) => r.mirror !== undefined || (r.mirrors?.length ?? 0) > 0),
  };
}

function routesTo(vs: IstioResource<'VirtualService'>, service: ServiceRef, clusterDomain: string): boolean {
  return routesOf(vs.spec).some((r) =>
    (r.route ?? []).some((d) =>
      hostNamesService(d.destination.host, vs.metadata.namespace, service, clusterDomain),
    ),
  );
}

type TrafficPolicy = DestinationRuleSpec['trafficPolicy'];

function isCircuitBreaker(policy: TrafficPolicy | undefined): boolean {
  return policy?.connectionPool !== undefined || policy?.outlierDetection !== undefined;
}

function circuitBreakerOf(
  rules: readonly IstioResource<'DestinationRule'>[],
): ServiceIstioConfig['circuitBreaker'] {
  let serviceWide = false;
  let unversionedSubset = false;
  const versions = new Set<string>();
  for (const dr of rules) {
    if (isCircuitBreaker(dr.spec.trafficPolicy)) serviceWide = true;
    for (const subset of dr.spec.subsets ?? []) {
      if (!isCircuitBreaker(subset.trafficPolicy)) continue;
      const version = versionLabelOf(subset.labels ?? {});
      if (version === undefined) unversionedSubset = true;
      else versions.add(version);
    }
  }
  if (!serviceWide && !unversionedSubset && versions.size === 0) return undefined;
  return {
    serviceWide,
    subsetVersions: [...versions].sort(),
    ...(unversionedSubset ? { unversionedSubset } : {}),
  };
}

function isKind<K extends 'VirtualService' | 'DestinationRule'>(
  kind: K,
): (r: IstioResource) => r is IstioResource<K> {
  return (r): r is IstioResource<K> => r.kind === kind;
}

/** Indexes the mesh's VirtualServices and DestinationRules once; `of` answers per service. */
export class IstioFlagIndex {
  readonly #virtualServices: readonly IstioResource<'VirtualService'>[];
  readonly #destinationRules: readonly IstioResource<'DestinationRule'>[];

  constructor(
    resources: readonly IstioResource[],
    private readonly clusterDomain: string,
  ) {
    this.#virtualServices = resources.filter(isKind('VirtualService'));
    this.#destinationRules = resources.filter(isKind('DestinationRule'));
  }

  /** The service's badges; undefined when no VirtualService or circuit breaker concerns it. */
  of(service: ServiceRef): ServiceIstioConfig | undefined {
    const domain = this.clusterDomain;
    const vs = this.#virtualServices.find((v) => routesTo(v, service, domain));
    const circuitBreaker = circuitBreakerOf(
      this.#destinationRules.filter((dr) =>
        hostNamesService(dr.spec.host, dr.metadata.namespace, service, domain),
      ),
    );
    if (vs === undefined && circuitBreaker === undefined) return undefined;
    const hosts = vs?.spec.hosts ?? [];
    return {
      ...(vs === undefined
        ? {}
        : {
            virtualServices: hosts.length > 0 ? { [vs.metadata.name]: hosts } : {},
            ...virtualServiceFlags(vs.spec),
          }),
      ...(circuitBreaker === undefined ? {} : { circuitBreaker }),
    };
  }
}
