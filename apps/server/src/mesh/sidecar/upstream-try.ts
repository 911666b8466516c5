/**
 * The shapes one upstream call works with (its plan and each try) and the small pieces of a try
 * that need none of the call's state.
 */
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ClusterRuntime } from './active-config.ts';
import type { Exchange } from './exchange.ts';
import { headerString, responseHeadBytes } from './headers.ts';
import type { EndpointRuntime, HashInput } from './load-balancer.ts';
import type { CompiledRetryPolicy } from './retry-policy.ts';
import { responseHeaders } from './upstream.ts';
import type { UpstreamResponsePlan } from './upstream.ts';

export interface ForwardPlan extends UpstreamResponsePlan {
  readonly cluster: ClusterRuntime;
  /** Where PassthroughCluster sends the request: the address the client asked for. */
  readonly passthrough: { readonly host: string; readonly port: number } | undefined;
  readonly hash: HashInput | undefined;
  readonly timeoutMs: number;
  readonly retry: CompiledRetryPolicy | undefined;
}

export interface Try {
  readonly upReq: ClientRequest;
  readonly endpoint: EndpointRuntime | undefined;
  readonly address: string;
  readonly isRetry: boolean;
  /** The try no longer decides anything: it timed out, was retried or the client left. */
  abandoned: boolean;
  released: boolean;
  timer: NodeJS.Timeout | undefined;
  /** A reused keep-alive socket that was already closed: sent once more, as Envoy's pool does. */
  resent: boolean;
}

export function bodyless(req: IncomingMessage, headers: OutgoingHttpHeaders): boolean {
  return (
    req.readableEnded ||
    headers['content-length'] === '0' ||
    (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
  );
}

/** Envoy's `connect_timeout` (Istio's default 10 s): a connection not made in time fails the try. */
export function connectTimeout(cluster: ClusterRuntime, upReq: ClientRequest, socket: Socket): void {
  const timer = setTimeout(() => {
    cluster.resilience.count('upstream_cx_connect_timeout');
    upReq.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
  }, cluster.cluster.connectionPool.connectTimeoutMs);
  socket.once('connect', () => {
    clearTimeout(timer);
  });
  socket.once('close', () => {
    clearTimeout(timer);
  });
}

/**
 * Streams the try's response back downstream with Envoy's response headers; `done` runs once
 * when it ends (`failed`: the upstream reset after its headers, and the downstream stream is
 * reset too, flag UC).
 */
export function passResponse(
  x: Exchange,
  res: ServerResponse,
  up: IncomingMessage,
  plan: UpstreamResponsePlan,
  done: (failed: boolean) => void,
): void {
  const status = up.statusCode ?? 502;
  const out = responseHeaders(x, up, plan);
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
    done(false);
    res.end();
  });
  up.on('error', () => {
    done(true);
    x.addFlag('UC');
    x.details = 'upstream_reset_after_response_started{connection_termination}';
    res.destroy();
  });
}
