/**
 * Builds a namespace's traffic map from its traffic queries' samples (kiali graph/telemetry/
 * istio/istio.go `populateTrafficMap`, `addTraffic`).
 *
 * Each sample names a source (its workload, canonical service and revision) and a destination
 * (service, workload, canonical service and revision); both become nodes per the graph type.
 * With service injection, a service node is put between them unless the destination already is
 * one (or is PassthroughCluster). The sample's rate goes onto the edge once: a series is keyed
 * by metric, protocol, both ends' labels, code, flags and host, and a key seen before (the same
 * request reported by the other proxy, in a later query) is skipped — Kiali's time-series hash.
 */
import type { GraphOptions } from './model.ts';
import type { NodeLabels } from './node-id.ts';
import { PASSTHROUGH_CLUSTER, UNKNOWN, isOK, nodeIdentity } from './node-id.ts';
import type { PromSample } from './prom-sample.ts';
import { addTrafficValue } from './protocols.ts';
import {
  graphResponseCode,
  handleDestination,
  isBadDestTelemetry,
  isBadSourceTelemetry,
  label,
} from './telemetry-rules.ts';
import type { TupleSet } from './counters.ts';
import type { TrafficMap } from './traffic-map.ts';
import { addDestService, ensureEdge, ensureNode } from './traffic-map.ts';

/** Why samples were left out; for logs, never part of the graph. */
export interface PopulateStats {
  missingLabels: number;
  badTelemetry: number;
  unnamedNode: number;
  duplicates: number;
}

export function newPopulateStats(): PopulateStats {
  return { missingLabels: 0, badTelemetry: 0, unnamedNode: 0, duplicates: 0 };
}

const GRPC_MESSAGES = /istio_.*_messages/;

export interface PopulateContext {
  readonly map: TrafficMap;
  readonly options: Pick<GraphOptions, 'graphType' | 'injectServiceNodes' | 'rates'>;
  /** Series already applied to this namespace's map. */
  readonly seen: TupleSet;
  readonly stats: PopulateStats;
  readonly istioNamespace: string;
}

/** Adds one traffic query's samples to the namespace map. */
export function populateTrafficMap(
  ctx: PopulateContext,
  metric: string,
  samples: readonly PromSample[],
): void {
  let kind: MetricKind = { metric, isRequests: true, protocol: '' };
  if (GRPC_MESSAGES.test(metric)) kind = { metric, isRequests: false, protocol: 'grpc' };
  else if (metric.startsWith('istio_tcp')) kind = { metric, isRequests: false, protocol: 'tcp' };
  for (const sample of samples) addSample(ctx, kind, sample);
}

/** What a metric measures: requests (protocol from each sample's labels), gRPC messages or TCP bytes. */
interface MetricKind {
  readonly metric: string;
  readonly isRequests: boolean;
  readonly protocol: string;
}

function addSample(ctx: PopulateContext, kind: MetricKind, sample: PromSample): void {
  const { metric, isRequests, protocol: metricProtocol } = kind;
  const m = sample.metric;
  const { options, stats } = ctx;
  const sourceNs = label(m, 'source_workload_namespace');
  const sourceWl = label(m, 'source_workload');
  const sourceApp = label(m, 'source_canonical_service');
  const sourceVer = label(m, 'source_canonical_revision');
  const destSvcNs = label(m, 'destination_service_namespace');
  const host = label(m, 'destination_service');
  const destSvcName = label(m, 'destination_service_name');
  const destWlNs = label(m, 'destination_workload_namespace');
  const destWl = label(m, 'destination_workload');
  const destApp = label(m, 'destination_canonical_service');
  const destVer = label(m, 'destination_canonical_revision');
  const flags = isRequests || metricProtocol === 'tcp' ? label(m, 'response_flags') : '';
  if (
    sourceNs === undefined ||
    sourceWl === undefined ||
    sourceApp === undefined ||
    sourceVer === undefined ||
    destSvcNs === undefined ||
    host === undefined ||
    destSvcName === undefined ||
    destWlNs === undefined ||
    destWl === undefined ||
    destApp === undefined ||
    destVer === undefined ||
    flags === undefined
  ) {
    stats.missingLabels++;
    return;
  }
  const rawSourceCluster = label(m, 'source_cluster');
  const rawDestCluster = label(m, 'destination_cluster');
  const sourceCluster = rawSourceCluster ?? UNKNOWN;

  if (
    isBadSourceTelemetry({
      cluster: sourceCluster,
      clusterPresent: rawSourceCluster !== undefined,
      namespace: sourceNs,
      workload: sourceWl,
      app: sourceApp,
    })
  ) {
    stats.badTelemetry++;
    return;
  }
  const dest = handleDestination({
    sourceCluster,
    service: host,
    istioNamespace: ctx.istioNamespace,
    dest: {
      cluster: rawDestCluster ?? UNKNOWN,
      serviceNamespace: destSvcNs,
      serviceName: destSvcName,
      workloadNamespace: destWlNs,
      workload: destWl,
      app: destApp,
      version: destVer,
    },
  });
  if (
    isBadDestTelemetry({
      cluster: dest.cluster,
      clusterPresent: rawDestCluster !== undefined,
      serviceNamespace: dest.serviceNamespace,
      service: host,
      serviceName: dest.serviceName,
      workload: dest.workload,
    })
  ) {
    stats.badTelemetry++;
    return;
  }

  let protocol = metricProtocol;
  let code = '';
  if (isRequests) {
    const p = label(m, 'request_protocol');
    const c = label(m, 'response_code');
    if (p === undefined || c === undefined) {
      stats.missingLabels++;
      return;
    }
    protocol = p;
    if (
      (protocol === 'grpc' && options.rates.grpc !== 'requests') ||
      (protocol === 'http' && options.rates.http !== 'requests')
    ) {
      return;
    }
    code = graphResponseCode(protocol, c, label(m, 'grpc_response_status'));
  }

  const sourceLabels: NodeLabels = {
    cluster: sourceCluster,
    serviceNamespace: sourceNs,
    service: '',
    workloadNamespace: sourceNs,
    workload: sourceWl,
    app: sourceApp,
    version: sourceVer,
  };
  const destLabels: NodeLabels = {
    cluster: dest.cluster,
    serviceNamespace: dest.serviceNamespace,
    service: dest.serviceName,
    workloadNamespace: dest.workloadNamespace,
    workload: dest.workload,
    app: dest.app,
    version: dest.version,
  };
  let inject = false;
  if (options.injectServiceNodes && isOK(dest.serviceName) && dest.serviceName !== PASSTHROUGH_CLUSTER) {
    const identity = nodeIdentity(destLabels, options.graphType);
    if (identity === undefined) {
      stats.unnamedNode++;
      return;
    }
    inject = identity.nodeType !== 'service';
  }
  const source = ensureNode(ctx.map, sourceLabels, options.graphType);
  const target = ensureNode(ctx.map, destLabels, options.graphType);
  if (source === undefined || target === undefined) {
    stats.unnamedNode++;
    return;
  }
  // Node ids do not encode every raw label (an app graph drops the revision): a series is its
  // raw labels, as in Kiali's time-series hash.
  const series = [
    metric,
    protocol,
    sourceCluster,
    sourceNs,
    sourceWl,
    sourceApp,
    sourceVer,
    dest.cluster,
    dest.serviceNamespace,
    dest.serviceName,
    dest.workloadNamespace,
    dest.workload,
    dest.app,
    dest.version,
    code,
    flags,
    host,
  ];
  const value = sample.value;
  const serviceOk = isOK(dest.serviceName);
  const destService = { cluster: dest.cluster, namespace: dest.serviceNamespace, name: dest.serviceName };

  if (inject) {
    const service = ensureNode(
      ctx.map,
      { ...destLabels, workloadNamespace: '', workload: '', app: '', version: '' },
      options.graphType,
    );
    if (service === undefined) {
      stats.unnamedNode++;
      return;
    }
    service.meta.isInjected = true;
    const inbound = ensureEdge(source, service, protocol);
    if (!ctx.seen.add(series)) {
      stats.duplicates++;
      return;
    }
    addTrafficValue({ protocol, value, code, flags, host, source, dest: service, edge: inbound });
    if (serviceOk) addDestService(service, destService);
    const outbound = ensureEdge(service, target, protocol);
    addTrafficValue({ protocol, value, code, flags, host, source: service, dest: target, edge: outbound });
    if (serviceOk) addDestService(target, destService);
    return;
  }
  const edge = ensureEdge(source, target, protocol);
  if (!ctx.seen.add(series)) {
    stats.duplicates++;
    return;
  }
  addTrafficValue({ protocol, value, code, flags, host, source, dest: target, edge });
  if (serviceOk) addDestService(target, destService);
}
