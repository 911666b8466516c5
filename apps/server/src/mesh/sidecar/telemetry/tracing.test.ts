import { describe, expect, it } from 'vitest';
import { OTLP_SPAN_KIND } from '../testing/otlp-receiver.ts';
import type { OutgoingHeaders } from './trace-context.ts';
import { CALLER_SPAN, OK, TRACE_ID, outbound, sampledB3, useTracingHarness } from './tracing.test-support.ts';

const harness = useTracingHarness();
const tracer = harness.tracer;

describe('propagation', () => {
  it('continues an incoming B3 trace and hands the next hop B3 and traceparent with its own span', async () => {
    const proxy = tracer();
    const span = proxy.startSpan(outbound(sampledB3));
    const headers: OutgoingHeaders = { ...sampledB3 };
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    expect(span.sampled).toBe(true);
    const [exported, ...rest] = harness.receiver().spans;
    expect(rest).toEqual([]);
    expect(exported).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: CALLER_SPAN,
      kind: OTLP_SPAN_KIND.client,
    });
    const spanId = exported?.spanId ?? '';
    expect(spanId).not.toBe(CALLER_SPAN);
    expect(headers).toEqual({
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': spanId,
      'x-b3-parentspanid': CALLER_SPAN,
      'x-b3-sampled': '1',
      traceparent: `00-${TRACE_ID}-${spanId}-01`,
    });
  });

  it('does not export a request the caller marked x-b3-sampled: 0, and propagates it unsampled', async () => {
    const proxy = tracer({ samplingPercent: 100 });
    const unsampled = proxy.startSpan(outbound({ ...sampledB3, 'x-b3-sampled': '0' }));
    const headers: OutgoingHeaders = {};
    unsampled.inject(headers);
    unsampled.end(OK);
    // A sampled span through the same exporter shows that the export path works.
    proxy.startSpan(outbound({}, { name: 'marker' })).end(OK);
    await proxy.shutdown();

    expect(unsampled.sampled).toBe(false);
    expect(harness.receiver().spans.map((s) => s.name)).toEqual(['marker']);
    expect(headers['x-b3-traceid']).toBe(TRACE_ID);
    expect(headers['x-b3-sampled']).toBe('0');
    expect(headers['x-b3-parentspanid']).toBe(CALLER_SPAN);
    expect(headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    expect(headers['x-b3-spanid']).not.toBe(CALLER_SPAN);
  });

  it('samples a request without a decision at samplingPercent 100 and starts a new trace', async () => {
    const proxy = tracer({ samplingPercent: 100 });
    const span = proxy.startSpan(outbound({}));
    const headers: OutgoingHeaders = {};
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    expect(span.sampled).toBe(true);
    expect(harness.receiver().spans).toHaveLength(1);
    expect(harness.receiver().spans[0]?.parentSpanId).toBeUndefined();
    expect(headers['x-b3-traceid']).toBe(harness.receiver().spans[0]?.traceId);
    expect(headers['x-b3-parentspanid']).toBeUndefined();
  });

  it('samples nothing at samplingPercent 0 but still propagates a context with sampled=0', async () => {
    const proxy = tracer({ samplingPercent: 0 });
    const span = proxy.startSpan(outbound({}));
    const headers: OutgoingHeaders = { 'x-b3-parentspanid': 'stale0000000000a' };
    span.inject(headers);
    span.end(OK);
    proxy.startSpan(outbound(sampledB3, { name: 'marker' })).end(OK);
    await proxy.shutdown();

    expect(span.sampled).toBe(false);
    expect(harness.receiver().spans.map((s) => s.name)).toEqual(['marker']);
    expect(headers['x-b3-sampled']).toBe('0');
    expect(headers['x-b3-traceid']).toMatch(/^[0-9a-f]{32}$/);
    expect(headers['x-b3-parentspanid']).toBeUndefined();
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('honours an incoming sampled decision even at samplingPercent 0', async () => {
    const proxy = tracer({ samplingPercent: 0 });
    proxy.startSpan(outbound(sampledB3)).end(OK);
    await proxy.shutdown();
    expect(harness.receiver().spans.map((s) => s.traceId)).toEqual([TRACE_ID]);
  });

  it('keeps a B3 trace that deferred its decision and lets the sampling percentage decide', () => {
    const deferred = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': CALLER_SPAN };
    const sampling = tracer({ samplingPercent: 100 }).startSpan(outbound(deferred));
    const skipping = tracer({ samplingPercent: 0 }).startSpan(outbound(deferred));
    const headers: OutgoingHeaders = {};
    skipping.inject(headers);
    expect(sampling.sampled).toBe(true);
    expect(skipping.sampled).toBe(false);
    expect(headers['x-b3-traceid']).toBe(TRACE_ID);
  });

  it('honours a bare sampling decision sent without ids, in a new trace', () => {
    const proxy = tracer({ samplingPercent: 100 });
    for (const headers of [{ b3: '0' }, { 'x-b3-sampled': '0' }]) {
      const span = proxy.startSpan(outbound(headers));
      const outgoing: OutgoingHeaders = {};
      span.inject(outgoing);
      expect(span.sampled).toBe(false);
      expect(outgoing['x-b3-sampled']).toBe('0');
    }
    expect(tracer({ samplingPercent: 0 }).startSpan(outbound({ b3: '1' })).sampled).toBe(true);
  });

  it('extracts B3 single and rewrites b3 for the next hop, alongside B3 multi and traceparent', async () => {
    const proxy = tracer();
    const b3 = `${TRACE_ID}-${CALLER_SPAN}-1`;
    const span = proxy.startSpan(outbound({ b3 }));
    const headers: OutgoingHeaders = { b3 };
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    const spanId = harness.receiver().spans[0]?.spanId ?? '';
    expect(harness.receiver().spans[0]).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_SPAN });
    expect(headers.b3).toBe(`${TRACE_ID}-${spanId}-1`);
    expect(headers['x-b3-spanid']).toBe(spanId);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${spanId}-01`);
  });

  it('adds no b3 single header when the caller used B3 multi', () => {
    const headers: OutgoingHeaders = {};
    tracer().startSpan(outbound(sampledB3)).inject(headers);
    expect(headers).not.toHaveProperty('b3');
  });

  it('prefers traceparent over B3 and carries tracestate on', async () => {
    const proxy = tracer();
    const w3cTrace = '0af7651916cd43dd8448eb211c80319c';
    const span = proxy.startSpan(
      outbound({
        ...sampledB3,
        traceparent: `00-${w3cTrace}-b7ad6b7169203331-01`,
        tracestate: 'vendor=opaque',
      }),
    );
    const headers: OutgoingHeaders = {};
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    expect(harness.receiver().spans[0]).toMatchObject({
      traceId: w3cTrace,
      parentSpanId: 'b7ad6b7169203331',
    });
    expect(headers['x-b3-traceid']).toBe(w3cTrace);
    expect(headers.tracestate).toBe('vendor=opaque');
  });

  it('falls back to B3 when traceparent is malformed', () => {
    const headers: OutgoingHeaders = {};
    tracer()
      .startSpan(outbound({ ...sampledB3, traceparent: 'garbage' }))
      .inject(headers);
    expect(headers['x-b3-traceid']).toBe(TRACE_ID);
  });
});
