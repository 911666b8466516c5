/**
 * Which edge an appender's sample belongs to. Response time, throughput and security policy
 * samples name a source and destination as the traffic samples do; with service injection the
 * value belongs to the injected service's edge to the workload (response times and throughput
 * of the source's edge cannot be derived from the workload's, kiali-2297), and security policy
 * to both edges.
 */
import type { GraphOptions } from '../model.ts';
import type { NodeLabels } from '../node-id.ts';
import { PASSTHROUGH_CLUSTER, UNKNOWN, isOK, nodeIdentity } from '../node-id.ts';
import type { PromSample } from '../prom-sample.ts';
import { handleDestination, isBadDestTelemetry, isBadSourceTelemetry, label } from '../telemetry-rules.ts';

export interface SampleEdges {
  readonly sourceId: string;
  readonly destId: string;
  /** Set when a service node is injected between source and destination. */
  readonly serviceId?: string;
}

const PEER_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
] as const;

/**
 * The node ids a sample connects, or undefined when it lacks labels or is bad telemetry.
 * `checked`: apply Kiali's bad-telemetry and destination rules (response time, throughput);
 * security policy samples are taken as they are.
 */
export function sampleEdges(
  sample: PromSample,
  options: Pick<GraphOptions, 'graphType' | 'injectServiceNodes'>,
  checked: { readonly istioNamespace: string } | undefined,
): SampleEdges | undefined {
  const m = sample.metric;
  const v: Partial<Record<(typeof PEER_LABELS)[number], string>> = {};
  for (const name of PEER_LABELS) {
    const value = label(m, name);
    if (value === undefined) return undefined;
    v[name] = value;
  }
  const rawSourceCluster = label(m, 'source_cluster');
  const rawDestCluster = label(m, 'destination_cluster');
  const sourceCluster = rawSourceCluster ?? UNKNOWN;
  const source: NodeLabels = {
    cluster: sourceCluster,
    serviceNamespace: v.source_workload_namespace ?? UNKNOWN,
    service: '',
    workloadNamespace: v.source_workload_namespace ?? UNKNOWN,
    workload: v.source_workload ?? UNKNOWN,
    app: v.source_canonical_service ?? UNKNOWN,
    version: v.source_canonical_revision ?? UNKNOWN,
  };
  let dest = {
    cluster: rawDestCluster ?? UNKNOWN,
    serviceNamespace: v.destination_service_namespace ?? UNKNOWN,
    serviceName: v.destination_service_name ?? UNKNOWN,
    workloadNamespace: v.destination_workload_namespace ?? UNKNOWN,
    workload: v.destination_workload ?? UNKNOWN,
    app: v.destination_canonical_service ?? UNKNOWN,
    version: v.destination_canonical_revision ?? UNKNOWN,
  };
  if (checked !== undefined) {
    const host = label(m, 'destination_service');
    if (host === undefined) return undefined;
    const bad = isBadSourceTelemetry({
      cluster: sourceCluster,
      clusterPresent: rawSourceCluster !== undefined,
      namespace: source.workloadNamespace,
      workload: source.workload,
      app: source.app,
    });
    if (bad) return undefined;
    dest = handleDestination({ sourceCluster, service: host, dest, istioNamespace: checked.istioNamespace });
    const badDest = isBadDestTelemetry({
      cluster: dest.cluster,
      clusterPresent: rawDestCluster !== undefined,
      serviceNamespace: dest.serviceNamespace,
      service: host,
      serviceName: dest.serviceName,
      workload: dest.workload,
    });
    if (badDest) return undefined;
  }
  const destLabels: NodeLabels = {
    cluster: dest.cluster,
    serviceNamespace: dest.serviceNamespace,
    service: dest.serviceName,
    workloadNamespace: dest.workloadNamespace,
    workload: dest.workload,
    app: dest.app,
    version: dest.version,
  };
  const destIdentity = nodeIdentity(destLabels, options.graphType);
  const sourceIdentity = nodeIdentity(source, options.graphType);
  if (destIdentity === undefined || sourceIdentity === undefined) return undefined;
  const inject =
    options.injectServiceNodes &&
    isOK(dest.serviceName) &&
    dest.serviceName !== PASSTHROUGH_CLUSTER &&
    destIdentity.nodeType !== 'service';
  if (!inject) return { sourceId: sourceIdentity.id, destId: destIdentity.id };
  const service = nodeIdentity(
    { ...destLabels, workloadNamespace: '', workload: '', app: '', version: '' },
    options.graphType,
  );
  if (service === undefined) return undefined;
  return { sourceId: sourceIdentity.id, destId: destIdentity.id, serviceId: service.id };
}
