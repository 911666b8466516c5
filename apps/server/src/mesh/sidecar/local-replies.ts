/**
 * Writing the proxy's own replies: every one comes from mesh-core's single table, so the status,
 * body and flags users see on the wire are the ones metrics, spans and the access log record.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { LocalReply } from '@meshlens/mesh-core/telemetry';
import type { Exchange } from './exchange.ts';
import { responseHeadBytes } from './headers.ts';

/** Istio's sidecars answer as `envoy`; its gateways as `istio-envoy`. */
export function serverHeader(x: Exchange): string | undefined {
  switch (x.binding.role) {
    case 'gateway':
      return 'istio-envoy';
    case 'outbound':
      return 'envoy';
    case 'inbound':
      return undefined;
  }
}

export function writeReply(
  x: Exchange,
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  extra: OutgoingHttpHeaders | undefined,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const headers: OutgoingHttpHeaders = { ...extra, 'content-length': bytes.length };
  if (bytes.length > 0 && headers['content-type'] === undefined) headers['content-type'] = 'text/plain';
  const server = serverHeader(x);
  if (server !== undefined) headers.server = server;
  x.responseCode = status;
  x.responseBytes = responseHeadBytes(headers) + bytes.length;
  res.writeHead(status, headers);
  res.end(x.method === 'HEAD' ? undefined : bytes);
}

/**
 * Sends `reply` (with `extra` headers) unless the response has begun, in which case the downstream
 * stream is reset.
 */
export function sendLocalReply(
  x: Exchange,
  res: ServerResponse,
  reply: LocalReply,
  extra?: OutgoingHttpHeaders,
): void {
  for (const f of reply.flags) x.addFlag(f);
  x.details = reply.details;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (reply.status === 0) {
    res.destroy();
    return;
  }
  writeReply(x, res, reply.status, reply.body, extra);
}
