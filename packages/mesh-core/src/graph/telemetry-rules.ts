/**
 * Kiali's rules for reading Istio telemetry labels (kiali graph/telemetry/istio/util/util.go):
 * which series are known to be bad, how unusual destinations are rewritten, and which response
 * code a series stands for. Shared by the traffic builder and the appenders that read samples.
 */
import { isOK } from './node-id.ts';
import { isHTTPErr } from './protocols.ts';

/** A destination host that is an IP with an optional port, seen while pods come and go. */
const IP_HOST = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/;

/** Source namespace known but neither workload nor app; or a known namespace with `unknown` cluster. */
export function isBadSourceTelemetry(options: {
  cluster: string;
  clusterPresent: boolean;
  namespace: string;
  workload: string;
  app: string;
}): boolean {
  if (isOK(options.namespace) && !isOK(options.workload) && !isOK(options.app)) return true;
  return isOK(options.namespace) && options.clusterPresent && !isOK(options.cluster);
}

/** An IP-address service with no workload; or a known service namespace with `unknown` cluster. */
export function isBadDestTelemetry(options: {
  cluster: string;
  clusterPresent: boolean;
  serviceNamespace: string;
  service: string;
  serviceName: string;
  workload: string;
}): boolean {
  const { service, serviceName } = options;
  if (!isOK(options.workload) && isOK(service) && isOK(serviceName) && service === serviceName) {
    if (IP_HOST.test(serviceName)) return true;
  }
  return isOK(options.serviceNamespace) && options.clusterPresent && !isOK(options.cluster);
}

export interface DestinationLabels {
  cluster: string;
  serviceNamespace: string;
  serviceName: string;
  workloadNamespace: string;
  workload: string;
  app: string;
  version: string;
}

/**
 * Kiali's `HandleDestination`: requests to the egress gateway's host are drawn to the gateway;
 * an `unknown` destination cluster is taken to be the source's (istio/istio#29373).
 */
export function handleDestination(options: {
  sourceCluster: string;
  service: string;
  dest: DestinationLabels;
  istioNamespace: string;
}): DestinationLabels {
  const { dest, istioNamespace } = options;
  const egressHost = `istio-egressgateway.${istioNamespace}.svc.cluster.local`;
  if (options.service === egressHost && options.service === dest.serviceName) {
    return {
      cluster: options.sourceCluster,
      serviceNamespace: istioNamespace,
      serviceName: 'istio-egressgateway',
      workloadNamespace: istioNamespace,
      workload: 'istio-egressgateway',
      app: 'istio-egressgateway',
      version: 'latest',
    };
  }
  if (!isOK(dest.cluster) && isOK(options.sourceCluster) && isOK(dest.serviceNamespace)) {
    return { ...dest, cluster: options.sourceCluster };
  }
  return dest;
}

/**
 * Kiali's `HandleResponseCode`: `-` for no response (code 0); the HTTP code for HTTP, for gRPC
 * whose transport failed (4xx/5xx) or without a gRPC status; else the gRPC status.
 */
export function graphResponseCode(
  protocol: string,
  responseCode: string,
  grpcStatus: string | undefined,
): string {
  if (responseCode === '0') return '-';
  if (protocol !== 'grpc' || isHTTPErr(responseCode) || grpcStatus === undefined) return responseCode;
  return grpcStatus;
}

/** A label's value; Prometheus drops empty labels, so empty counts as absent. */
export function label(labels: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = labels[name];
  return v === undefined || v === '' ? undefined : v;
}
