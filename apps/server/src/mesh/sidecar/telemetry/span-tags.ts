/**
 * The tags (OTLP attributes) of a proxy span, named and valued as Envoy writes them for Istio.
 *
 * Names: Envoy's `Tracing::Tags` (`source/common/tracing/common_values.h`). Which tag is set when:
 * `TracerImpl::startSpan` sets `node_id` and `zone`; `HttpTracerUtility::finalizeDownstreamSpan`
 * sets `guid:x-request-id` (only when the request has one), `http.url`, `http.method`,
 * `downstream_cluster` and `user_agent` (`-` when absent), `http.protocol`, `peer.address`,
 * `request_size` and `response_size`; the common finalisation sets `component=proxy`,
 * `upstream_cluster`, `upstream_cluster.name`, `upstream_address`, `http.status_code`,
 * `response_flags`, and `error=true` when no response was sent or it was a 5xx. Every value is a
 * string, as in the OTLP spans an Istio 1.25 sidecar exports (e.g. `request_size: "0"`,
 * `http.status_code: "200"`).
 *
 * Istio adds literal custom tags from the proxy's node metadata (istio/istio
 * `pilot/pkg/networking/core/tracing.go`): `istio.canonical_service` (`unknown` if unset),
 * `istio.canonical_revision` (`latest`), `istio.namespace` (`default`), `istio.mesh_id` and
 * `istio.cluster_id` (`unknown`).
 *
 * `upstream_cluster.name` is Envoy's cluster observability name (`alt_stat_name`, envoyproxy/envoy
 * #15139). Since Istio 1.23 (istio/istio #51861) Istio sets it to the cluster name plus `;` on the
 * clusters it generates, so spans show `outbound|9080|v3|ratings.bookinfo.svc.cluster.local;`.
 */
import type { ResponseFlag } from '@meshlens/mesh-core/telemetry';
import { formatResponseFlags } from '@meshlens/mesh-core/telemetry';
import type { Attributes } from '@opentelemetry/api';

export const ENVOY_TAGS = {
  nodeId: 'node_id',
  zone: 'zone',
  requestId: 'guid:x-request-id',
  httpUrl: 'http.url',
  httpMethod: 'http.method',
  downstreamCluster: 'downstream_cluster',
  userAgent: 'user_agent',
  httpProtocol: 'http.protocol',
  peerAddress: 'peer.address',
  requestSize: 'request_size',
  responseSize: 'response_size',
  component: 'component',
  upstreamCluster: 'upstream_cluster',
  upstreamClusterName: 'upstream_cluster.name',
  upstreamAddress: 'upstream_address',
  httpStatusCode: 'http.status_code',
  responseFlags: 'response_flags',
  error: 'error',
} as const;

export const ISTIO_TAGS = {
  canonicalService: 'istio.canonical_service',
  canonicalRevision: 'istio.canonical_revision',
  namespace: 'istio.namespace',
  meshId: 'istio.mesh_id',
  clusterId: 'istio.cluster_id',
} as const;

export interface ProxyIdentity {
  readonly nodeId: string;
  readonly zone?: string;
  readonly canonicalService: string;
  readonly canonicalRevision: string;
  readonly namespace: string;
  readonly meshId: string;
  readonly clusterId: string;
}

function orDefault(value: string, fallback: string): string {
  return value === '' ? fallback : value;
}

/** `node_id` and `zone`, set when a span starts; built once per tracer. */
export function startTags(identity: ProxyIdentity): Readonly<Attributes> {
  return Object.freeze({
    [ENVOY_TAGS.nodeId]: identity.nodeId,
    // Envoy's zone is the node's locality zone, empty when the bootstrap names none.
    [ENVOY_TAGS.zone]: identity.zone ?? '',
  });
}

/** Istio's custom tags, set last when a span finishes; built once per tracer. */
export function istioTags(identity: ProxyIdentity): Readonly<Attributes> {
  return Object.freeze({
    [ISTIO_TAGS.canonicalRevision]: orDefault(identity.canonicalRevision, 'latest'),
    [ISTIO_TAGS.canonicalService]: orDefault(identity.canonicalService, 'unknown'),
    [ISTIO_TAGS.meshId]: orDefault(identity.meshId, 'unknown'),
    [ISTIO_TAGS.namespace]: orDefault(identity.namespace, 'default'),
    [ISTIO_TAGS.clusterId]: orDefault(identity.clusterId, 'unknown'),
  });
}

export interface RequestTagsInput {
  readonly method: string;
  readonly url: string;
  readonly requestId?: string;
  readonly userAgent?: string;
  readonly peerAddress?: string;
  readonly downstreamCluster?: string;
  readonly protocol: string;
}

function orDash(value: string | undefined): string {
  return value === undefined || value === '' ? '-' : value;
}

/** The downstream request's tags, in Envoy's order. */
export function requestTags(input: RequestTagsInput): Attributes {
  const tags: Attributes = {};
  if (input.requestId !== undefined && input.requestId !== '') tags[ENVOY_TAGS.requestId] = input.requestId;
  tags[ENVOY_TAGS.httpUrl] = input.url;
  tags[ENVOY_TAGS.httpMethod] = input.method;
  tags[ENVOY_TAGS.downstreamCluster] = orDash(input.downstreamCluster);
  tags[ENVOY_TAGS.userAgent] = orDash(input.userAgent);
  tags[ENVOY_TAGS.httpProtocol] = input.protocol;
  if (input.peerAddress !== undefined && input.peerAddress !== '') {
    tags[ENVOY_TAGS.peerAddress] = input.peerAddress;
  }
  return tags;
}

/** Istio's observability name for a cluster: its own clusters carry a `;` suffix. */
export function clusterObservabilityName(cluster: string): string {
  return cluster.startsWith('outbound|') || cluster.startsWith('inbound|') ? `${cluster};` : cluster;
}

export interface ResultTagsInput {
  readonly statusCode: number;
  readonly responseFlags: readonly ResponseFlag[];
  readonly upstreamCluster?: string;
  readonly upstreamAddress?: string;
  readonly requestSize: number;
  readonly responseSize: number;
}

/** Envoy's rule for the `error` tag: no response sent (code 0), or a 5xx. */
export function isErrorStatus(statusCode: number): boolean {
  return statusCode === 0 || statusCode >= 500;
}

/** The tags known when the response is done, in Envoy's order. */
export function resultTags(input: ResultTagsInput): Attributes {
  const tags: Attributes = {
    [ENVOY_TAGS.requestSize]: String(input.requestSize),
    [ENVOY_TAGS.responseSize]: String(input.responseSize),
    [ENVOY_TAGS.component]: 'proxy',
  };
  if (input.upstreamCluster !== undefined && input.upstreamCluster !== '') {
    tags[ENVOY_TAGS.upstreamCluster] = input.upstreamCluster;
    tags[ENVOY_TAGS.upstreamClusterName] = clusterObservabilityName(input.upstreamCluster);
  }
  if (input.upstreamAddress !== undefined && input.upstreamAddress !== '') {
    tags[ENVOY_TAGS.upstreamAddress] = input.upstreamAddress;
  }
  tags[ENVOY_TAGS.httpStatusCode] = String(input.statusCode);
  tags[ENVOY_TAGS.responseFlags] = formatResponseFlags(input.responseFlags);
  if (isErrorStatus(input.statusCode)) tags[ENVOY_TAGS.error] = 'true';
  return tags;
}
