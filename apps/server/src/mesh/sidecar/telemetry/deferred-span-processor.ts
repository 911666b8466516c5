/**
 * Hands finished spans to the batch processor on the next turn of the event loop, not inside the
 * request's own `end()` call.
 *
 * Why: the SDK's BatchSpanProcessor exports synchronously from `onEnd` as soon as its buffer holds
 * a full batch (512 spans), and serialising a batch to OTLP JSON takes milliseconds. Inline, that
 * cost would land on whichever request happened to finish 512th. Here `onEnd` only queues the span
 * (sampled spans only; unsampled ones never reach a processor) and one `setImmediate` per burst
 * forwards the queue, so batching and export always run outside request handling.
 */
import type { Context } from '@opentelemetry/api';
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export class DeferredSpanProcessor implements SpanProcessor {
  readonly #inner: SpanProcessor;
  #pending: ReadableSpan[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  constructor(inner: SpanProcessor) {
    this.#inner = inner;
  }

  onStart(span: Span, parentContext: Context): void {
    this.#inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.#pending.push(span);
    this.#scheduled ??= setImmediate(() => {
      this.#drain();
    });
  }

  #drain(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    const spans = this.#pending;
    this.#pending = [];
    for (const span of spans) this.#inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    this.#drain();
    return this.#inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#drain();
    return this.#inner.shutdown();
  }
}
