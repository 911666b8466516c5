/**
 * What the upstream leg shares between its tries: how Node's errors become Envoy's reset reasons
 * and local replies (`upstream connect error or disconnect/reset before headers. …`), and the
 * headers of a response passed back downstream.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { localReply, PEER_METADATA_HEADER, PEER_METADATA_ID_HEADER } from '@meshlens/mesh-core/telemetry';
import type { LocalReply, UpstreamResetReason } from '@meshlens/mesh-core/telemetry';
import type { HeaderOps } from '@meshlens/mesh-core/routing';
import type { Exchange } from './exchange.ts';
import { applyResponseOps, dropHeader, forwardableHeaders, headerString } from './headers.ts';
import { serverHeader } from './local-replies.ts';

/** What shapes the response passed back downstream. */
export interface UpstreamResponsePlan {
  readonly routeHeaders: HeaderOps | undefined;
  readonly destinationHeaders: HeaderOps | undefined;
  /** `set-cookie` to add to the response (consistent hashing on a generated cookie). */
  readonly setCookie: string | undefined;
  /** Headers filters add to every response (CORS). */
  readonly responseHeadersToAdd: OutgoingHttpHeaders | undefined;
}

const replyCache = new Map<string, LocalReply>();

/** The reply to a try that failed before response headers; `retried` after retries ran out. */
export function resetReply(
  reason: UpstreamResetReason,
  transportFailureReason: string | undefined,
  retried: boolean,
): LocalReply {
  const key = `${reason}|${transportFailureReason ?? ''}|${retried}`;
  let reply = replyCache.get(key);
  if (reply === undefined) {
    reply = localReply({
      reason: 'upstream_reset_before_headers',
      resetReason: reason,
      retried,
      ...(transportFailureReason !== undefined ? { transportFailureReason } : {}),
    });
    if (replyCache.size < 256) replyCache.set(key, reply);
  }
  return reply;
}

/** How Envoy names a failed upstream connection or stream, from Node's error. */
export function upstreamFailure(err: NodeJS.ErrnoException): {
  reason: UpstreamResetReason;
  transportFailureReason: string | undefined;
} {
  switch (err.code) {
    case 'ECONNREFUSED':
      return {
        reason: 'remote connection failure',
        transportFailureReason: 'delayed connect error: Connection refused',
      };
    case 'ETIMEDOUT':
      return { reason: 'connection timeout', transportFailureReason: undefined };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EADDRNOTAVAIL':
      return {
        reason: 'remote connection failure',
        transportFailureReason: `delayed connect error: ${err.code}`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return { reason: 'connection termination', transportFailureReason: undefined };
    case undefined:
    default:
      if (err.code?.startsWith('HPE_'))
        return { reason: 'protocol error', transportFailureReason: undefined };
      return { reason: 'connection termination', transportFailureReason: undefined };
  }
}

export function responseHeaders(
  x: Exchange,
  up: IncomingMessage,
  target: UpstreamResponsePlan,
): OutgoingHttpHeaders {
  const headers = forwardableHeaders(up.headers);
  const role = x.binding.role;
  if (role === 'inbound') {
    // The client's sidecar learns who answered; the app never sees the exchange.
    headers[PEER_METADATA_HEADER] = x.runtime.identity.metadataHeader;
    headers[PEER_METADATA_ID_HEADER] = x.runtime.identity.nodeId;
  } else {
    const meta = headerString(up.headers[PEER_METADATA_HEADER]);
    if (meta !== undefined) {
      x.destination = x.runtime.peers.get(meta);
      x.destinationKey = meta;
      dropHeader(headers, PEER_METADATA_HEADER);
      dropHeader(headers, PEER_METADATA_ID_HEADER);
    }
  }
  applyResponseOps(headers, target.routeHeaders, target.destinationHeaders);
  if (target.setCookie !== undefined) {
    const current = headers['set-cookie'];
    headers['set-cookie'] =
      current === undefined ? [target.setCookie] : [...[current].flat().map(String), target.setCookie];
  }
  if (target.responseHeadersToAdd !== undefined) Object.assign(headers, target.responseHeadersToAdd);
  headers['x-envoy-upstream-service-time'] = String(x.upstreamServiceTimeMs ?? 0);
  const server = serverHeader(x);
  if (server !== undefined) headers.server = server;
  return headers;
}
