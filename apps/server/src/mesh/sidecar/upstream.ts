/**
 * The upstream leg: one request to the chosen endpoint over a keep-alive pool, its response
 * streamed back with Envoy's response headers, and every failure turned into the local reply Envoy
 * would send (`upstream connect error or disconnect/reset before headers. reset reason: …`).
 */
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { localReply, PEER_METADATA_HEADER, PEER_METADATA_ID_HEADER } from '@meshlens/mesh-core/telemetry';
import type { LocalReply, UpstreamResetReason } from '@meshlens/mesh-core/telemetry';
import type { HeaderOps } from '@meshlens/mesh-core/routing';
import type { Exchange } from './exchange.ts';
import {
  applyResponseOps,
  dropHeader,
  forwardableHeaders,
  headerString,
  responseHeadBytes,
} from './headers.ts';
import { sendLocalReply, serverHeader } from './local-replies.ts';
import type { EndpointRuntime } from './load-balancer.ts';

export interface UpstreamTarget {
  readonly host: string;
  readonly port: number;
  readonly endpoint: EndpointRuntime | undefined;
  readonly routeHeaders: HeaderOps | undefined;
  readonly destinationHeaders: HeaderOps | undefined;
  /** `set-cookie` to add to the response (consistent hashing on a generated cookie). */
  readonly setCookie: string | undefined;
}

const replyCache = new Map<string, LocalReply>();

function resetReply(reason: UpstreamResetReason, transportFailureReason: string | undefined): LocalReply {
  const key = `${reason}|${transportFailureReason ?? ''}`;
  let reply = replyCache.get(key);
  if (reply === undefined) {
    reply = localReply({
      reason: 'upstream_reset_before_headers',
      resetReason: reason,
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

function responseHeaders(x: Exchange, up: IncomingMessage, target: UpstreamTarget): OutgoingHttpHeaders {
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
  headers['x-envoy-upstream-service-time'] = String(x.upstreamServiceTimeMs ?? 0);
  const server = serverHeader(x);
  if (server !== undefined) headers.server = server;
  return headers;
}

/**
 * Sends the request upstream and streams the answer back. A reused keep-alive socket that the
 * upstream closed just before it was used fails before any byte is answered; such a request
 * without a body is sent again once on a fresh connection, as Envoy's connection pool does.
 */
export function forward(
  x: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  target: UpstreamTarget,
  attempt = 1,
): void {
  const started = performance.now();
  const endpoint = target.endpoint;
  if (endpoint) {
    endpoint.active++;
    endpoint.total++;
  }
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    if (endpoint) endpoint.active--;
  };
  let upReq: ClientRequest;
  try {
    upReq = request({
      host: target.host,
      port: target.port,
      method: x.method,
      path: x.path,
      headers,
      agent: x.runtime.agent,
      setHost: false,
    });
  } catch (e) {
    // Node refuses a header it cannot write (e.g. a control character a route's `set` produced).
    settle();
    x.runtime.log.debug('router', `cannot send upstream request: ${(e as Error).message}`);
    sendLocalReply(x, res, localReply({ reason: 'bad_request', codecDetails: 'http1.invalid_characters' }));
    return;
  }
  const bodyless =
    req.readableEnded ||
    headers['content-length'] === '0' ||
    (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined);
  upReq.on('socket', (socket) => {
    if (x.upstreamLocalAddress === undefined && socket.localPort !== undefined)
      x.upstreamLocalAddress = `${socket.localAddress ?? ''}:${socket.localPort}`;
  });
  upReq.on('response', (up) => {
    x.upstreamServiceTimeMs = Math.round(performance.now() - started);
    const out = responseHeaders(x, up, target);
    const status = up.statusCode ?? 502;
    x.responseCode = status;
    // Envoy's %RESPONSE_CODE_DETAILS% for a response the upstream sent.
    x.details = 'via_upstream';
    if (x.grpc) {
      const g = headerString(up.headers['grpc-status']);
      if (g !== undefined) x.grpcStatus = Number(g);
    }
    x.responseBytes = responseHeadBytes(out);
    res.writeHead(status, out);
    up.on('data', (chunk: Buffer) => {
      x.responseBytes += chunk.length;
      if (!res.write(chunk)) up.pause();
    });
    res.on('drain', () => up.resume());
    up.on('end', () => {
      settle();
      res.end();
    });
    up.on('error', () => {
      // The upstream reset after its headers: Envoy resets the downstream stream too.
      settle();
      if (endpoint) endpoint.errors++;
      x.addFlag('UC');
      x.details = 'upstream_reset_after_response_started{connection_termination}';
      res.destroy();
    });
  });
  upReq.on('error', (err: NodeJS.ErrnoException) => {
    settle();
    if (res.headersSent || res.destroyed) return;
    if (attempt === 1 && upReq.reusedSocket && err.code === 'ECONNRESET' && bodyless) {
      forward(x, req, res, headers, target, 2);
      return;
    }
    if (endpoint) endpoint.errors++;
    const failure = upstreamFailure(err);
    if (failure.reason !== 'connection termination' && failure.reason !== 'protocol error')
      x.runtime.proxyMetrics.countUpstreamConnectFailure(x.upstreamCluster ?? '');
    x.transportFailureReason = failure.transportFailureReason;
    x.runtime.log.debug(
      'upstream',
      `${x.upstreamCluster ?? ''} ${target.host}:${target.port}: ${err.message}`,
    );
    sendLocalReply(x, res, resetReply(failure.reason, failure.transportFailureReason));
  });
  // The client went away before the answer was complete: Envoy resets the upstream stream (DC).
  // Prepended: the exchange reports itself on this same event and must see the flag. Not when the
  // proxy itself reset the client's stream because the upstream reset (UC, on any attempt).
  res.prependListener('close', () => {
    if (!res.writableFinished && !x.flags.includes('UC')) {
      x.addFlag('DC');
      if (x.details === undefined) x.details = 'downstream_remote_disconnect';
      upReq.destroy();
    }
  });
  if (attempt > 1 || bodyless) upReq.end();
  else {
    req.on('data', (chunk: Buffer) => {
      x.requestBytes += chunk.length;
      if (!upReq.write(chunk)) req.pause();
    });
    upReq.on('drain', () => req.resume());
    req.on('end', () => upReq.end());
  }
}
