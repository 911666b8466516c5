/**
 * The Prometheus queries behind request health, as Kiali issues them (kiali prometheus/
 * client.go `getRequestRatesForLabel`): raw `rate(istio_requests_total{…}[interval]) > 0`
 * series, with their `reporter` label, so that health can combine both proxies' reports.
 *
 * - apps and workloads of a namespace: requests from outside into the namespace's services,
 *   and requests from the namespace's workloads (two queries);
 * - services of a namespace: requests to the namespace's services.
 */
import type { LabelMatcher, PromExpr } from '../graph/promql.ts';
import { eq, ne, positive, rate } from '../graph/promql.ts';
import type { HealthKind } from './tolerances.ts';

export interface HealthQuery {
  readonly id: string;
  readonly namespace: string;
  readonly expr: PromExpr;
}

export function namespaceHealthQueries(options: {
  readonly namespace: string;
  readonly kind: HealthKind;
  /** Kiali's `rateInterval` (default 10m), in seconds. */
  readonly rateIntervalSec: number;
  /** Narrows to one cluster, as Kiali does for multi-cluster meshes. */
  readonly cluster?: string;
}): HealthQuery[] {
  const { namespace, cluster } = options;
  const q = (id: string, matchers: LabelMatcher[]): HealthQuery => ({
    id: `${namespace}:health:${id}`,
    namespace,
    expr: positive(rate('istio_requests_total', matchers, options.rateIntervalSec)),
  });
  const destCluster = cluster === undefined ? [] : [eq('destination_cluster', cluster)];
  const sourceCluster = cluster === undefined ? [] : [eq('source_cluster', cluster)];
  if (options.kind === 'service') {
    return [q('services', [eq('destination_service_namespace', namespace), ...destCluster])];
  }
  return [
    q('inbound', [
      eq('destination_service_namespace', namespace),
      ne('source_workload_namespace', namespace),
      ...destCluster,
    ]),
    q('outbound', [eq('source_workload_namespace', namespace), ...sourceCluster]),
  ];
}
