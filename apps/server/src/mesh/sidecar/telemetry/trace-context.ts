/**
 * Incoming trace context and the sampling decision it carries.
 *
 * Extraction order: W3C `traceparent`, else B3 single `b3`, else B3 multi `x-b3-*`. Envoy has no
 * one order: its OpenTelemetry tracer (the one Istio's OTLP provider configures) reads only
 * `traceparent`, its Zipkin tracer reads `b3` before `x-b3-*` (envoyproxy/envoy
 * `source/extensions/tracers/zipkin/span_context_extractor.cc`) and, with `w3c_fallback`, W3C only
 * when no B3 is present. We take the OTel tracer's format first and the Zipkin tracer's order after
 * it, so apps that only forward B3 (as Istio's Bookinfo samples do) keep their traces. A malformed
 * header falls through to the next format instead of starting a new trace.
 *
 * Sampling (Istio's random sampling percentage, default 1 %) applies only when the request brings no
 * decision. A decision is honoured from `traceparent` flags, `b3` sampling state (`1`, `0`, `d`) or
 * `x-b3-sampled` / `x-b3-flags: 1`. B3 may also carry ids without a decision ("defer"): the trace
 * and parent are kept and our ratio decides; and a bare decision without ids (`b3: 0`,
 * `x-b3-sampled: 0`) starts a new trace that keeps the caller's decision.
 */
import type { Attributes, Context, Link, SpanContext, SpanKind, TextMapGetter } from '@opentelemetry/api';
import { ROOT_CONTEXT, createContextKey, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import {
  AlwaysOffSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { IncomingHttpHeaders } from 'node:http';

export const INCOMING_FORMATS = ['traceparent', 'b3-single', 'b3-multi', 'none'] as const;
export type IncomingFormat = (typeof INCOMING_FORMATS)[number];

/**
 * What the headers say about sampling beyond a parent's flags: a decision sent without ids
 * (`accept`, `deny`), or ids sent without a decision (`defer`).
 */
const SAMPLING_HINTS = ['accept', 'deny', 'defer'] as const;
type SamplingHint = (typeof SAMPLING_HINTS)[number];

function isSamplingHint(value: unknown): value is SamplingHint {
  return SAMPLING_HINTS.some((hint) => hint === value);
}

const HINT_KEY = createContextKey('meshlens.sidecar.sampling-hint');

export interface IncomingContext {
  /** The context to start the span in: the remote parent, if any, and our sampling hint. */
  readonly context: Context;
  readonly format: IncomingFormat;
  /** The caller's span, which becomes our span's parent. */
  readonly parent: SpanContext | undefined;
}

type Headers = IncomingHttpHeaders;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** A getter that hides `b3`, to read the multi headers when the single one is unusable. */
const multiOnlyGetter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier).filter((key) => key !== 'b3'),
  get: (carrier, key) => (key === 'b3' ? undefined : carrier[key]),
};

const w3c = new W3CTraceContextPropagator();
const b3 = new B3Propagator();

function withHint(context: Context, hint: SamplingHint | undefined): Context {
  return hint === undefined ? context : context.setValue(HINT_KEY, hint);
}

function result(context: Context, format: IncomingFormat, hint?: SamplingHint): IncomingContext {
  return { context: withHint(context, hint), format, parent: trace.getSpanContext(context) };
}

function singleHint(value: string, continued: boolean): SamplingHint | undefined {
  if (continued) return value.split('-').length === 2 ? 'defer' : undefined;
  if (value === '0') return 'deny';
  if (value === '1' || value === 'd') return 'accept';
  return undefined;
}

function multiHint(headers: Headers, continued: boolean): SamplingHint | undefined {
  const sampled = first(headers['x-b3-sampled']);
  const debug = first(headers['x-b3-flags']) === '1';
  if (continued) return sampled === undefined && !debug ? 'defer' : undefined;
  if (debug || sampled === '1' || sampled === 'true') return 'accept';
  if (sampled === '0' || sampled === 'false') return 'deny';
  return undefined;
}

/** Reads the caller's trace context from request headers, in the order described above. */
export function extractIncoming(headers: Headers): IncomingContext {
  if (headers.traceparent !== undefined) {
    const context = w3c.extract(ROOT_CONTEXT, headers, getter);
    if (trace.getSpanContext(context) !== undefined) return result(context, 'traceparent');
  }
  const single = first(headers.b3);
  if (single !== undefined) {
    const context = b3.extract(ROOT_CONTEXT, headers, getter);
    const continued = trace.getSpanContext(context) !== undefined;
    const hint = singleHint(single.trim(), continued);
    if (continued || hint !== undefined) return result(context, 'b3-single', hint);
  }
  if (
    headers['x-b3-traceid'] !== undefined ||
    headers['x-b3-sampled'] !== undefined ||
    headers['x-b3-flags'] !== undefined
  ) {
    const context = b3.extract(ROOT_CONTEXT, headers, multiOnlyGetter);
    const continued = trace.getSpanContext(context) !== undefined;
    const hint = multiHint(headers, continued);
    if (continued || hint !== undefined) return result(context, 'b3-multi', hint);
  }
  return { context: ROOT_CONTEXT, format: 'none', parent: undefined };
}

/** Applies a hint found in the context, else the fallback. */
class HintedSampler implements Sampler {
  readonly #ratio: Sampler;
  readonly #fallback: Sampler;

  constructor(ratio: Sampler, fallback: Sampler) {
    this.#ratio = ratio;
    this.#fallback = fallback;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const value = context.getValue(HINT_KEY);
    const hint = isSamplingHint(value) ? value : undefined;
    switch (hint) {
      case 'accept':
        return { decision: SamplingDecision.RECORD_AND_SAMPLED };
      case 'deny':
        return { decision: SamplingDecision.NOT_RECORD };
      case 'defer':
        return this.#ratio.shouldSample(context, traceId, spanName, spanKind, attributes, links);
      case undefined:
        return this.#fallback.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    }
  }

  toString(): string {
    return `HintedSampler{${this.#fallback.toString()}}`;
  }
}

/**
 * Istio's sampling as an OTel sampler: a sampled remote parent is followed, an unsampled one too
 * unless it deferred, and a new trace is sampled at `percent` % (by trace id, so every hop of one
 * trace agrees).
 */
export function proxySampler(percent: number): Sampler {
  const ratio = new TraceIdRatioBasedSampler(percent / 100);
  return new ParentBasedSampler({
    root: new HintedSampler(ratio, ratio),
    remoteParentNotSampled: new HintedSampler(ratio, new AlwaysOffSampler()),
  });
}

export const PROPAGATION_HEADERS = {
  traceId: 'x-b3-traceid',
  spanId: 'x-b3-spanid',
  parentSpanId: 'x-b3-parentspanid',
  sampled: 'x-b3-sampled',
  flags: 'x-b3-flags',
  single: 'b3',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export type OutgoingHeaders = Record<string, string | string[] | number | undefined>;

const setter = {
  set(carrier: OutgoingHeaders, key: string, value: string) {
    carrier[key] = value;
  },
};

const b3Multi = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
const b3Single = new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER });

export interface InjectOptions {
  /** The extracted context with our span set in it (keeps the B3 debug flag, if any). */
  readonly context: Context;
  /** Our parent's span id; `x-b3-parentspanid` names it, as Envoy's Zipkin tracer does. */
  readonly parentSpanId: string | undefined;
  /** Whether the caller used `b3`: then the single header is rewritten too, never added. */
  readonly singleB3: boolean;
}

/** Writes B3 multi and W3C headers (and `b3` when the caller used it) for the next hop. */
export function injectOutgoing(headers: OutgoingHeaders, options: InjectOptions): void {
  w3c.inject(options.context, headers, setter);
  b3Multi.inject(options.context, headers, setter);
  // Never leave the caller's own parent id behind: for the next hop it would name the wrong span.
  if (options.parentSpanId === undefined) delete headers['x-b3-parentspanid'];
  else headers['x-b3-parentspanid'] = options.parentSpanId;
  if (options.singleB3) b3Single.inject(options.context, headers, setter);
}
