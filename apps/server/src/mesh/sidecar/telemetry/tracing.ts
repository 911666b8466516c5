/**
 * The sidecar's tracer: one span per proxied request, as Envoy's OpenTelemetry tracer makes them
 * for Istio, exported as OTLP/HTTP JSON in batches.
 *
 * Per request: extract the caller's context (`trace-context.ts`), start a CLIENT (outbound) or
 * SERVER (inbound) span in it, let the proxy write our context into the upstream request, and end
 * the span with Envoy's tags. Unsampled requests get a non-recording span: a fresh span id and the
 * caller's trace id, propagated with sampled=0, nothing recorded and nothing exported (Envoy's
 * OpenTelemetry tracer sends only sampled spans). Sampled spans go, on the next event-loop turn
 * (`deferred-span-processor.ts`), to a BatchSpanProcessor that serialises and POSTs them per batch
 * of 512 or per `exportDelayMs`; its queue is bounded (2048 spans, the SDK default) and drops when
 * full rather than growing.
 *
 * Nothing global is registered: each tracer owns its provider and propagators, so several proxies
 * (or tests) can live in one process. With no endpoint, tracing is off: spans are one shared inert
 * object and headers pass through untouched.
 */
import type { ResponseFlag } from '@meshlens/mesh-core/telemetry';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { IncomingHttpHeaders } from 'node:http';
import { DeferredSpanProcessor } from './deferred-span-processor.ts';
import { istioTags, requestTags, resultTags, startTags } from './span-tags.ts';
import type { OutgoingHeaders } from './trace-context.ts';
import { extractIncoming, injectOutgoing, proxySampler } from './trace-context.ts';

export interface TracingOptions {
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`; undefined turns tracing off. */
  endpoint?: string;
  /** 0..100: Istio's random sampling percentage (Istio's default is 1). An incoming decision wins. */
  samplingPercent: number;
  /** Envoy's node id, e.g. `sidecar~127.0.0.1~reviews-v1-0.default~default.svc.cluster.local`. */
  nodeId: string;
  /** The OTel resource `service.name`; Istio uses `<canonical service>.<namespace>`. */
  serviceName: string;
  canonicalService: string;
  canonicalRevision: string;
  namespace: string;
  meshId: string;
  clusterId: string;
  /** Envoy's `zone` tag: the node's locality zone; empty (Envoy's default) when unset. */
  zone?: string;
  /** Longest wait before a batch is exported (default 1000 ms; Envoy flushes every 5 s). */
  exportDelayMs?: number;
}

export const SPAN_KIND_NAMES = ['client', 'server'] as const;
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

export interface RequestSpanStart {
  kind: SpanKindName;
  /** Envoy's operation name, e.g. `reviews.default.svc.cluster.local:9080/*`. */
  name: string;
  /** The incoming request headers, to extract the parent context from. */
  headers: IncomingHttpHeaders;
  method: string;
  /** `http.url` as Envoy writes it, e.g. `http://reviews:9080/reviews/0`. */
  url: string;
  /** `x-request-id`, tagged `guid:x-request-id`. */
  requestId?: string;
  userAgent?: string;
  /** The downstream peer's IP (`peer.address`); Istio 1.25's Envoy writes the address alone. */
  peerAddress?: string;
  /** `x-envoy-downstream-service-cluster`, tagged `downstream_cluster`. */
  downstreamCluster?: string;
  /** `HTTP/1.1`, `HTTP/2`, … */
  protocol: string;
  /** Milliseconds since the epoch; defaults to now. */
  startTimeMs?: number;
}

export interface RequestSpanEnd {
  statusCode: number;
  responseFlags: readonly ResponseFlag[];
  /** e.g. `outbound|9080|v1|reviews.default.svc.cluster.local`. */
  upstreamCluster?: string;
  upstreamAddress?: string;
  requestSize: number;
  responseSize: number;
}

export interface ProxySpan {
  readonly sampled: boolean;
  /**
   * Writes this span's context into the outgoing request headers (mutates `headers`): B3 multi
   * (`x-b3-traceid`, `x-b3-spanid`, `x-b3-parentspanid`, `x-b3-sampled`), W3C `traceparent` (and
   * `tracestate` when there is one), and `b3` only if the incoming request used it. Unsampled
   * contexts are propagated too, with sampled=0.
   */
  inject(headers: OutgoingHeaders): void;
  /** Tags and finishes the span; later calls do nothing. */
  end(result: RequestSpanEnd): void;
}

export interface ProxyTracer {
  readonly enabled: boolean;
  startSpan(start: RequestSpanStart): ProxySpan;
  /** Exports pending spans and stops the exporter; resolves even if the collector is unreachable. */
  shutdown(): Promise<void>;
}

const INERT_SPAN: ProxySpan = Object.freeze({
  sampled: false,
  inject() {},
  end() {},
});

const DISABLED_TRACER: ProxyTracer = Object.freeze({
  enabled: false,
  startSpan: () => INERT_SPAN,
  shutdown: () => Promise.resolve(),
});

interface Shared {
  readonly tracer: Tracer;
  readonly startTags: Readonly<Attributes>;
  readonly istioTags: Readonly<Attributes>;
}

class RequestSpan implements ProxySpan {
  readonly #span: Span;
  readonly #context: Context;
  readonly #parentSpanId: string | undefined;
  readonly #singleB3: boolean;
  readonly #istioTags: Shared['istioTags'];
  #ended = false;

  constructor(shared: Shared, start: RequestSpanStart) {
    const incoming = extractIncoming(start.headers);
    this.#span = shared.tracer.startSpan(
      start.name,
      { kind: start.kind === 'client' ? SpanKind.CLIENT : SpanKind.SERVER, startTime: start.startTimeMs },
      incoming.context,
    );
    // Tags cost attribute validation per key: pay it only for spans that will be exported.
    if (this.#span.isRecording()) {
      this.#span.setAttributes(shared.startTags);
      this.#span.setAttributes(requestTags(start));
    }
    this.#context = trace.setSpan(incoming.context, this.#span);
    this.#parentSpanId = incoming.parent?.spanId;
    this.#singleB3 = incoming.format === 'b3-single';
    this.#istioTags = shared.istioTags;
  }

  get sampled(): boolean {
    return (this.#span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
  }

  inject(headers: OutgoingHeaders): void {
    injectOutgoing(headers, {
      context: this.#context,
      parentSpanId: this.#parentSpanId,
      singleB3: this.#singleB3,
    });
  }

  end(result: RequestSpanEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#span.isRecording()) {
      this.#span.setAttributes(resultTags(result));
      this.#span.setAttributes(this.#istioTags);
    }
    this.#span.end();
  }
}

/** How long one export may take, retries included, before its spans are given up. */
const EXPORT_TIMEOUT_MS = 3000;

function checkOptions(options: TracingOptions & { endpoint: string }): void {
  const percent = options.samplingPercent;
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`tracing samplingPercent must be a number from 0 to 100, got ${String(percent)}`);
  }
  const url = URL.canParse(options.endpoint) ? new URL(options.endpoint) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new RangeError(`tracing endpoint must be an absolute http(s) URL, got '${options.endpoint}'`);
  }
}

export function createProxyTracer(options: TracingOptions): ProxyTracer {
  const { endpoint } = options;
  if (endpoint === undefined) return DISABLED_TRACER;
  checkOptions({ ...options, endpoint });

  const exporter = new OTLPTraceExporter({ url: endpoint, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: proxySampler(options.samplingPercent),
    spanProcessors: [
      new DeferredSpanProcessor(
        new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 1000 }),
      ),
    ],
  });
  const shared: Shared = {
    tracer: provider.getTracer('meshlens-sidecar'),
    startTags: startTags(options),
    istioTags: istioTags(options),
  };

  return {
    enabled: true,
    startSpan: (start) => new RequestSpan(shared, start),
    // A collector that cannot be reached costs at most one export timeout here, and never a
    // rejection: the spans are lost, as Envoy drops the spans it fails to send.
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
