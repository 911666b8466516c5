/**
 * The state of one request through the proxy, filled in as it goes and reported once when it
 * ends: one sample set in Istio's metrics, one span, one access-log line, all from the same
 * values. A class, so every request has the same shape on the hot path.
 */
import type { IncomingMessage } from 'node:http';
import { buildRequestLabels, kubernetesServiceNamespace } from '@meshlens/mesh-core/telemetry';
import type { PeerMetadata, Reporter, ResponseFlag } from '@meshlens/mesh-core/telemetry';
import type { ProxySpan } from './telemetry/index.ts';
import type { SidecarRuntime } from './runtime.ts';

export type ListenerRole = 'outbound' | 'inbound' | 'gateway';

export interface ListenerBinding {
  readonly role: ListenerRole;
  /** The snapshot listener whose route tables serve this socket. */
  readonly listener: string;
  /** For inbound and gateway listeners: the port that selects the route table. */
  readonly port: number;
  /** `ip:port` the socket is bound to, for the access log. */
  readonly localAddress: string;
}

const noFlags: readonly ResponseFlag[] = Object.freeze([]);

/** Rough size of a request's head as it crossed the wire: request line plus header lines. */
export function requestHeadBytes(req: IncomingMessage): number {
  let n = (req.method?.length ?? 0) + (req.url?.length ?? 0) + 12;
  for (const part of req.rawHeaders) n += part.length + 2;
  return n;
}

export class Exchange {
  readonly startMs = Date.now();
  readonly t0 = performance.now();
  method: string;
  path: string;
  authority = '';
  requestId = '';
  originalPath: string | undefined = undefined;
  routeName: string | undefined = undefined;
  upstreamCluster: string | undefined = undefined;
  /** FQDN of the destination service, or a special cluster's name, for `destination_service`. */
  destinationService: string | undefined = undefined;
  upstreamHost: string | undefined = undefined;
  upstreamLocalAddress: string | undefined = undefined;
  responseCode = 0;
  flags: readonly ResponseFlag[] = noFlags;
  details: string | undefined = undefined;
  transportFailureReason: string | undefined = undefined;
  upstreamServiceTimeMs: number | undefined = undefined;
  source: PeerMetadata | undefined = undefined;
  sourceKey = '';
  destination: PeerMetadata | undefined = undefined;
  destinationKey = '';
  requestBytes = 0;
  responseBytes = 0;
  grpc = false;
  grpcStatus: number | undefined = undefined;
  span: ProxySpan | undefined = undefined;
  readonly downstreamRemoteAddress: string;
  #done = false;

  constructor(
    readonly runtime: SidecarRuntime,
    readonly binding: ListenerBinding,
    readonly req: IncomingMessage,
  ) {
    // Read now: once the client's socket is destroyed (a reset, DC), its address is gone.
    this.downstreamRemoteAddress = `${req.socket.remoteAddress ?? ''}:${req.socket.remotePort ?? ''}`;
    this.method = req.method ?? 'GET';
    this.path = req.url ?? '/';
    this.requestBytes = requestHeadBytes(req);
  }

  get reporter(): Reporter {
    return this.binding.role === 'inbound' ? 'destination' : 'source';
  }

  addFlag(flag: ResponseFlag): void {
    if (!this.flags.includes(flag)) this.flags = [...this.flags, flag];
  }

  /** Reports the request; later calls do nothing (close and finish may both fire). */
  finish(): void {
    if (this.#done) return;
    this.#done = true;
    const rt = this.runtime;
    const durationMs = performance.now() - this.t0;
    rt.metrics.record(this, durationMs);
    this.span?.end({
      statusCode: this.responseCode,
      responseFlags: this.flags,
      ...(this.upstreamCluster !== undefined ? { upstreamCluster: this.upstreamCluster } : {}),
      ...(this.upstreamHost !== undefined ? { upstreamAddress: this.upstreamHost } : {}),
      requestSize: this.requestBytes,
      responseSize: this.responseBytes,
    });
    const h = this.req.headers;
    rt.accessLog.write({
      startTimeMs: this.startMs,
      method: this.method,
      path: this.path,
      ...(this.originalPath !== undefined ? { originalPath: this.originalPath } : {}),
      protocol: `HTTP/${this.req.httpVersion}`,
      responseCode: this.responseCode,
      responseFlags: this.flags,
      ...(this.details !== undefined ? { responseCodeDetails: this.details } : {}),
      ...(this.transportFailureReason !== undefined
        ? { upstreamTransportFailureReason: this.transportFailureReason }
        : {}),
      bytesReceived: this.requestBytes,
      bytesSent: this.responseBytes,
      durationMs,
      ...(this.upstreamServiceTimeMs !== undefined
        ? { upstreamServiceTimeMs: this.upstreamServiceTimeMs }
        : {}),
      ...(typeof h['x-forwarded-for'] === 'string' ? { xForwardedFor: h['x-forwarded-for'] } : {}),
      ...(h['user-agent'] !== undefined ? { userAgent: h['user-agent'] } : {}),
      requestId: this.requestId,
      authority: this.authority,
      ...(this.upstreamHost !== undefined ? { upstreamHost: this.upstreamHost } : {}),
      ...(this.upstreamCluster !== undefined ? { upstreamCluster: this.upstreamCluster } : {}),
      ...(this.upstreamLocalAddress !== undefined ? { upstreamLocalAddress: this.upstreamLocalAddress } : {}),
      downstreamLocalAddress: this.binding.localAddress,
      downstreamRemoteAddress: this.downstreamRemoteAddress,
      ...(this.routeName !== undefined ? { routeName: this.routeName } : {}),
    });
  }
}

/**
 * Recorders by label set. Building Istio's 27 labels and binding prom-client children is done
 * once per distinct (peers, service, code, flags) combination; a request then only updates
 * pre-bound children.
 */
export class RequestMetrics {
  readonly #recorders = new Map<string, { record(d: number, q: number, r: number): void }>();

  constructor(
    private readonly recorderFor: (labels: ReturnType<typeof buildRequestLabels>) => {
      record(d: number, q: number, r: number): void;
    },
    private readonly limit = 10_000,
  ) {}

  record(x: Exchange, durationMs: number): void {
    const key = `${x.reporter}\u0000${x.sourceKey}\u0000${x.destinationKey}\u0000${x.destinationService ?? ''}\u0000${x.responseCode}\u0000${x.flags.join(',')}\u0000${x.grpc ? (x.grpcStatus ?? -1) : ''}`;
    let recorder = this.#recorders.get(key);
    if (recorder === undefined) {
      if (this.#recorders.size >= this.limit) this.#recorders.clear();
      recorder = this.recorderFor(
        buildRequestLabels({
          reporter: x.reporter,
          source: x.source,
          destination: x.destination,
          destinationService: x.destinationService,
          // The sidecar's clusters carry their service (Istio's cluster metadata): its namespace.
          destinationServiceNamespace:
            x.destinationService === undefined ? undefined : kubernetesServiceNamespace(x.destinationService),
          responseFlags: x.flags,
          mtls: false,
          requestProtocol: x.grpc ? 'grpc' : 'http',
          responseCode: x.responseCode,
          ...(x.grpc && x.grpcStatus !== undefined ? { grpcStatus: x.grpcStatus } : {}),
        }),
      );
      this.#recorders.set(key, recorder);
    }
    recorder.record(durationMs, x.requestBytes, x.responseBytes);
  }
}
