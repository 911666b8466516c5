/**
 * The label values of one request or connection, computed from what each side learned through the
 * peer-metadata exchange. Pure: the proxy builds a label set once per request and hands it to the
 * counters and histograms defined in `metrics.ts`.
 *
 * Istio's rules, as the expected samples in istio/proxy's stats tests show them:
 * - `reporter` is `source` on the client sidecar (and gateways), `destination` on the server.
 * - A peer without metadata reports `unknown` for workload, namespace, app, version, canonical
 *   service and cluster, and `latest` for its canonical revision.
 * - Canonical service: `service.istio.io/canonical-name`, `app.kubernetes.io/name`, `app`, then
 *   the workload name; canonical revision: `service.istio.io/canonical-revision`,
 *   `app.kubernetes.io/version`, `version`, then `latest`.
 * - `destination_service_namespace` is the destination service's namespace from the upstream
 *   cluster's metadata when the proxy has it, else the destination workload's: since
 *   istio/proxy#5617 (Istio 1.23) a request that never reached a peer (fault-injected abort, no
 *   healthy upstream) keeps its service's namespace; without cluster metadata (the stats tests'
 *   clusters) it is `unknown` when the peer is.
 * - `connection_security_policy` is `unknown` at the source reporter and `mutual_tls`/`none` at
 *   the destination reporter; principals are SPIFFE ids under mTLS and `unknown` otherwise.
 * - `grpc_response_status` is empty unless the request is gRPC.
 */
import type { HttpLabelName, HttpLabels, IstioMetricDefinition, TcpLabels } from './metrics.ts';
import { ISTIO_HTTP_LABELS } from './metrics.ts';
import type { PeerMetadata } from './peer-metadata.ts';
import type { ResponseFlag } from './response-flags.ts';
import { formatResponseFlags } from './response-flags.ts';

export const REPORTERS = ['source', 'destination'] as const;
export type Reporter = (typeof REPORTERS)[number];

export const REQUEST_PROTOCOLS = ['http', 'grpc', 'tcp'] as const;
export type RequestProtocol = (typeof REQUEST_PROTOCOLS)[number];

export const UNKNOWN = 'unknown';
const DEFAULT_TRUST_DOMAIN = 'cluster.local';

function firstLabel(labels: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Istio's canonical service: canonical-name label, then `app.kubernetes.io/name`, `app`, workload. */
export function canonicalService(peer: PeerMetadata | undefined): string {
  if (peer === undefined) return UNKNOWN;
  const fromLabels = firstLabel(peer.labels, [
    'service.istio.io/canonical-name',
    'app.kubernetes.io/name',
    'app',
  ]);
  return fromLabels ?? orUnknown(peer.workloadName);
}

/** Istio's canonical revision: canonical-revision label, then `app.kubernetes.io/version`, `version`, `latest`. */
export function canonicalRevision(peer: PeerMetadata | undefined): string {
  if (peer === undefined) return 'latest';
  return (
    firstLabel(peer.labels, [
      'service.istio.io/canonical-revision',
      'app.kubernetes.io/version',
      'version',
    ]) ?? 'latest'
  );
}

/** A workload's SPIFFE identity: `spiffe://<trust domain>/ns/<ns>/sa/<sa>`. */
export function spiffePrincipal(peer: PeerMetadata, trustDomain = DEFAULT_TRUST_DOMAIN): string {
  return `spiffe://${trustDomain}/ns/${peer.namespace}/sa/${peer.serviceAccount}`;
}

export interface TcpLabelOptions {
  readonly reporter: Reporter;
  /** The client workload; `undefined` when its metadata never arrived. */
  readonly source: PeerMetadata | undefined;
  /** The server workload; `undefined` when its metadata never arrived. */
  readonly destination: PeerMetadata | undefined;
  /** The destination service's FQDN, e.g. `reviews.default.svc.cluster.local`, or a cluster name
   * such as `PassthroughCluster`/`BlackHoleCluster`; `undefined` when unknown. */
  readonly destinationService: string | undefined;
  /** The destination service's namespace as the upstream cluster's metadata gives it (Istio's
   * `istio.services`); undefined when the cluster carries none. */
  readonly destinationServiceNamespace?: string | undefined;
  readonly responseFlags: readonly ResponseFlag[];
  /** Whether the hop between the two sidecars used Istio mutual TLS. */
  readonly mtls: boolean;
  readonly trustDomain?: string;
  /** Report a peer's canonical service/revision as app/version when those labels are absent. */
  readonly appVersionFallback?: boolean;
}

export interface RequestLabelOptions extends TcpLabelOptions {
  readonly requestProtocol: Exclude<RequestProtocol, 'tcp'>;
  /** The status the client saw; 0 when no response was sent. */
  readonly responseCode: number;
  /** The `grpc-status` of a gRPC response; `undefined` for plain HTTP. */
  readonly grpcStatus?: number;
}

function peerLabels(
  peer: PeerMetadata | undefined,
  options: TcpLabelOptions,
): {
  workload: string;
  namespace: string;
  principal: string;
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  cluster: string;
} {
  const service = canonicalService(peer);
  const revision = canonicalRevision(peer);
  const fallback = options.appVersionFallback === true;
  const app = peer?.labels.app ?? (fallback ? service : UNKNOWN);
  const version = peer?.labels.version ?? (fallback ? revision : UNKNOWN);
  return {
    workload: orUnknown(peer?.workloadName),
    namespace: orUnknown(peer?.namespace),
    principal: options.mtls && peer !== undefined ? spiffePrincipal(peer, options.trustDomain) : UNKNOWN,
    app,
    version,
    canonicalService: service,
    canonicalRevision: revision,
    cluster: orUnknown(peer?.clusterId),
  };
}

/** Istio reports an absent or empty value as `unknown`. */
function orUnknown(value: string | undefined): string {
  return value === undefined || value === '' ? UNKNOWN : value;
}

/** `default` of `ratings.default.svc.cluster.local`; undefined for a host that is not a Kubernetes service's. */
export function kubernetesServiceNamespace(host: string): string | undefined {
  const first = host.indexOf('.');
  if (first <= 0) return undefined;
  const second = host.indexOf('.', first + 1);
  if (second <= first + 1 || !host.startsWith('svc', second + 1)) return undefined;
  const after = host.charCodeAt(second + 4);
  // `svc` must be a whole label: the end of the host, or followed by the cluster domain.
  if (!Number.isNaN(after) && after !== 46) return undefined;
  return host.slice(first + 1, second);
}

function serviceName(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(0, dot);
}

/** The label values of one TCP connection's samples. */
export function buildTcpLabels(options: TcpLabelOptions): TcpLabels {
  const src = peerLabels(options.source, options);
  const dst = peerLabels(options.destination, options);
  const host = options.destinationService;
  return {
    reporter: options.reporter,
    source_workload: src.workload,
    source_canonical_service: src.canonicalService,
    source_canonical_revision: src.canonicalRevision,
    source_workload_namespace: src.namespace,
    source_principal: src.principal,
    source_app: src.app,
    source_version: src.version,
    source_cluster: src.cluster,
    destination_workload: dst.workload,
    destination_workload_namespace: dst.namespace,
    destination_principal: dst.principal,
    destination_app: dst.app,
    destination_version: dst.version,
    destination_service: host ?? UNKNOWN,
    destination_canonical_service: dst.canonicalService,
    destination_canonical_revision: dst.canonicalRevision,
    destination_service_name: host === undefined ? UNKNOWN : serviceName(host),
    destination_service_namespace: options.destinationServiceNamespace ?? dst.namespace,
    destination_cluster: dst.cluster,
    request_protocol: 'tcp',
    response_flags: formatResponseFlags(options.responseFlags),
    connection_security_policy: securityPolicy(options),
  };
}

function securityPolicy(options: TcpLabelOptions): string {
  if (options.reporter === 'source') return UNKNOWN;
  return options.mtls ? 'mutual_tls' : 'none';
}

/** The label values of one HTTP or gRPC request's samples. */
export function buildRequestLabels(options: RequestLabelOptions): HttpLabels {
  const values: HttpLabels = {
    ...buildTcpLabels(options),
    request_protocol: options.requestProtocol,
    response_code: String(options.responseCode),
    grpc_response_status: options.grpcStatus === undefined ? '' : String(options.grpcStatus),
  };
  // Rebuilt in Istio's order so that serialisations (and exposition) list labels as Istio does.
  return Object.fromEntries(ISTIO_HTTP_LABELS.map((name) => [name, values[name]])) as HttpLabels;
}

/** Label values in a definition's order, for clients that take positional values. */
export function orderedLabelValues(
  definition: IstioMetricDefinition,
  labels: Readonly<Partial<Record<HttpLabelName, string>>>,
): string[] {
  return definition.labelNames.map((name) => labels[name] ?? UNKNOWN);
}
