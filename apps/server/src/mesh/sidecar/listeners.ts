/**
 * The proxy's downstream sockets. Each listener is a node:http server configured as Envoy's
 * HTTP/1 codec is under Istio: a 60 KiB header limit (431 beyond it), strict parsing (invalid
 * characters and Content-Length with Transfer-Encoding are refused with 400), and every protocol
 * error answered from the local-reply table, logged, counted and followed by closing the
 * connection, never by a crash. Sockets are tracked so that shutdown and tests can see none leak.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { localReply } from '@meshlens/mesh-core/telemetry';
import type { LocalReply } from '@meshlens/mesh-core/telemetry';
import type { ListenerBinding } from './exchange.ts';
import { handleRequest } from './request-handler.ts';
import type { SidecarRuntime } from './runtime.ts';
import type { ProxyMetrics } from './telemetry/index.ts';

type ProtocolErrorKind = Parameters<ProxyMetrics['countProtocolError']>[0];

/** Envoy's default `max_request_headers_kb` is 60. */
export const MAX_HEADER_BYTES = 60 * 1024;

const tooLarge = localReply({ reason: 'request_header_too_large' });

const codecErrors: Readonly<Record<string, { kind: ProtocolErrorKind; details: string }>> = {
  HPE_INVALID_HEADER_TOKEN: { kind: 'invalid_header', details: 'http1.invalid_characters' },
  HPE_INVALID_CONSTANT: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_INVALID_METHOD: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_INVALID_URL: { kind: 'bad_request', details: 'http1.invalid_url' },
  HPE_INVALID_VERSION: { kind: 'bad_request', details: 'http1.codec_error' },
  // A duplicate Content-Length (llhttp); Content-Length with Transfer-Encoding is `clAndTe` below.
  HPE_UNEXPECTED_CONTENT_LENGTH: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_INVALID_TRANSFER_ENCODING: { kind: 'bad_request', details: 'http1.invalid_transfer_encoding' },
  HPE_INVALID_CONTENT_LENGTH: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_CR_EXPECTED: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_LF_EXPECTED: { kind: 'bad_request', details: 'http1.codec_error' },
  HPE_INVALID_CHUNK_SIZE: { kind: 'bad_request', details: 'http1.codec_error' },
};

/**
 * llhttp reports Content-Length with Transfer-Encoding under the code of whichever header came
 * second (HPE_INVALID_TRANSFER_ENCODING or HPE_INVALID_CONTENT_LENGTH, "… can't be present with …");
 * only its reason names both headers. Envoy refuses both orders alike.
 */
const clAndTe = { kind: 'cl_and_te', details: 'http1.content_length_and_chunked_not_allowed' } as const;

/** A parse error from node:http: llhttp's code, and its reason in words. */
type CodecError = NodeJS.ErrnoException & { reason?: string };

/** node:http keeps the response in progress on its socket; its own default clientError handler reads it. */
type HttpSocket = Socket & { _httpMessage?: { readonly headersSent: boolean } | null };

const badRequestReplies = new Map<string, LocalReply>();

function protocolErrorReply(err: CodecError): { kind: ProtocolErrorKind; reply: LocalReply } {
  const code = err.code;
  if (code === 'HPE_HEADER_OVERFLOW') return { kind: 'header_too_large', reply: tooLarge };
  const reason = err.reason ?? '';
  const known =
    reason.includes('Content-Length') && reason.includes('Transfer-Encoding')
      ? clAndTe
      : code === undefined
        ? undefined
        : codecErrors[code];
  const details = known?.details ?? 'http1.codec_error';
  let reply = badRequestReplies.get(details);
  if (reply === undefined) {
    reply = localReply({ reason: 'bad_request', codecDetails: details });
    badRequestReplies.set(details, reply);
  }
  return { kind: known?.kind ?? 'other', reply };
}

function statusText(status: number): string {
  return status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
}

export interface ProxyListener {
  readonly binding: ListenerBinding;
  readonly server: Server;
  readonly sockets: ReadonlySet<Socket>;
  close(): Promise<void>;
}

function onClientError(
  runtime: SidecarRuntime,
  binding: ListenerBinding,
  err: CodecError,
  socket: Socket,
): void {
  // The client went away mid-request: reset, or closed its side (llhttp's "Invalid EOF state").
  // Envoy writes nothing to a client that left and counts no protocol error; a request already
  // forwarded ends as a downstream disconnect (DC) through its own exchange when the socket goes.
  // Answering 400 here would write onto a socket that forwarded request still owns.
  if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
    runtime.proxyMetrics.countDownstreamReset();
    socket.destroy();
    return;
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_TIMEOUT') {
    runtime.proxyMetrics.countProtocolError('timeout');
    socket.destroy();
    return;
  }
  const { kind, reply } = protocolErrorReply(err);
  runtime.proxyMetrics.countProtocolError(kind);
  if ((socket as HttpSocket)._httpMessage?.headersSent === true) {
    // The request body went bad after the upstream's response began (an upstream may answer
    // before it has read the body): a 400 written now would land inside that response's body.
    // Envoy resets the stream instead; the exchange reports the request when the socket goes.
    socket.destroy();
    return;
  }
  runtime.log.debug(
    'http',
    `${binding.localAddress}: ${reply.status} ${reply.details} (${err.code ?? err.message})`,
  );
  const body = reply.body;
  socket.end(
    `HTTP/1.1 ${reply.status} ${statusText(reply.status)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `content-type: text/plain\r\ndate: ${new Date().toUTCString()}\r\nserver: envoy\r\nconnection: close\r\n\r\n${body}`,
  );
  // A client that never closes its side must not hold the socket open.
  setTimeout(() => socket.destroy(), 1000).unref();
  runtime.accessLog.write({
    startTimeMs: Date.now(),
    responseCode: reply.status,
    responseFlags: reply.flags,
    responseCodeDetails: reply.details,
    // Envoy's codec knows the connection's protocol even when the request line was unreadable.
    protocol: 'HTTP/1.1',
    bytesReceived: 0,
    bytesSent: body.length,
    durationMs: 0,
    downstreamLocalAddress: binding.localAddress,
    downstreamRemoteAddress: `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`,
  });
}

export function listen(
  runtime: SidecarRuntime,
  binding: Omit<ListenerBinding, 'localAddress'>,
  host: string,
  bindPort: number,
): Promise<ProxyListener> {
  const sockets = new Set<Socket>();
  const full: { binding: ListenerBinding } = { binding: { ...binding, localAddress: `${host}:${bindPort}` } };
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: false,
      keepAlive: true,
      noDelay: true,
      // Envoy's idle timeout is an hour; a long keep-alive spares clients reconnects and races.
      keepAliveTimeout: 65_000,
      headersTimeout: 60_000,
      requestTimeout: 300_000,
    },
    (req, res) => {
      handleRequest(runtime, full.binding, req, res);
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: CodecError, socket: Socket) => {
    onClientError(runtime, full.binding, err, socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(bindPort, host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : bindPort;
      full.binding = { ...binding, localAddress: `${host.includes(':') ? `[${host}]` : host}:${port}` };
      resolve({
        get binding() {
          return full.binding;
        },
        server,
        sockets,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            server.closeIdleConnections();
            // In-flight requests get a grace period, then their sockets go.
            setTimeout(() => {
              for (const s of sockets) s.destroy();
            }, 5000).unref();
          }),
      });
    });
  });
}
