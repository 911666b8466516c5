import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OtlpReceiver } from './otlp-receiver.test-support.ts';
import { OTLP_SPAN_KIND, startOtlpReceiver } from './otlp-receiver.test-support.ts';
import type { OutgoingHeaders } from './trace-context.ts';
import type { ProxyTracer, RequestSpanEnd, RequestSpanStart, TracingOptions } from './tracing.ts';
import { createProxyTracer } from './tracing.ts';

const TRACE_ID = '463ac35c9f6413ad48485a3953bb6124';
const CALLER_SPAN = 'a2fb4a1d1a96d312';
const NODE_ID = 'sidecar~10.244.1.6~reviews-v1-7586d5d46d-tgqhb.default~default.svc.cluster.local';

let receiver: OtlpReceiver;
const tracers: ProxyTracer[] = [];

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await Promise.all(tracers.splice(0).map((tracer) => tracer.shutdown()));
  await receiver.close();
});

function tracer(overrides: Partial<TracingOptions> = {}): ProxyTracer {
  const created = createProxyTracer({
    endpoint: receiver.url,
    samplingPercent: 1,
    nodeId: NODE_ID,
    serviceName: 'reviews.default',
    canonicalService: 'reviews',
    canonicalRevision: 'v1',
    namespace: 'default',
    meshId: 'cluster.local',
    clusterId: 'Kubernetes',
    exportDelayMs: 20,
    ...overrides,
  });
  tracers.push(created);
  return created;
}

function outbound(headers: RequestSpanStart['headers'], extra: Partial<RequestSpanStart> = {}): RequestSpanStart {
  return {
    kind: 'client',
    name: 'ratings.default.svc.cluster.local:9080/*',
    headers,
    method: 'GET',
    url: 'http://ratings:9080/ratings/0',
    protocol: 'HTTP/1.1',
    ...extra,
  };
}

const OK: RequestSpanEnd = {
  statusCode: 200,
  responseFlags: [],
  upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
  requestSize: 0,
  responseSize: 48,
};

const sampledB3 = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': CALLER_SPAN, 'x-b3-sampled': '1' };

describe('propagation', () => {
  it('continues an incoming B3 trace and hands the next hop B3 and traceparent with its own span', async () => {
    const proxy = tracer();
    const span = proxy.startSpan(outbound(sampledB3));
    const headers: OutgoingHeaders = { ...sampledB3 };
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    expect(span.sampled).toBe(true);
    const [exported, ...rest] = receiver.spans;
    expect(rest).toEqual([]);
    expect(exported).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_SPAN, kind: OTLP_SPAN_KIND.client });
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
    expect(receiver.spans.map((s) => s.name)).toEqual(['marker']);
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
    expect(receiver.spans).toHaveLength(1);
    expect(receiver.spans[0]?.parentSpanId).toBeUndefined();
    expect(headers['x-b3-traceid']).toBe(receiver.spans[0]?.traceId);
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
    expect(receiver.spans.map((s) => s.name)).toEqual(['marker']);
    expect(headers['x-b3-sampled']).toBe('0');
    expect(headers['x-b3-traceid']).toMatch(/^[0-9a-f]{32}$/);
    expect(headers['x-b3-parentspanid']).toBeUndefined();
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('honours an incoming sampled decision even at samplingPercent 0', async () => {
    const proxy = tracer({ samplingPercent: 0 });
    proxy.startSpan(outbound(sampledB3)).end(OK);
    await proxy.shutdown();
    expect(receiver.spans.map((s) => s.traceId)).toEqual([TRACE_ID]);
  });

  it('keeps a B3 trace that deferred its decision and lets the sampling percentage decide', async () => {
    const deferred = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': CALLER_SPAN };
    const sampling = tracer({ samplingPercent: 100 }).startSpan(outbound(deferred));
    const skipping = tracer({ samplingPercent: 0 }).startSpan(outbound(deferred));
    const headers: OutgoingHeaders = {};
    skipping.inject(headers);
    expect(sampling.sampled).toBe(true);
    expect(skipping.sampled).toBe(false);
    expect(headers['x-b3-traceid']).toBe(TRACE_ID);
  });

  it('extracts B3 single and rewrites b3 for the next hop, alongside B3 multi and traceparent', async () => {
    const proxy = tracer();
    const b3 = `${TRACE_ID}-${CALLER_SPAN}-1`;
    const span = proxy.startSpan(outbound({ b3 }));
    const headers: OutgoingHeaders = { b3 };
    span.inject(headers);
    span.end(OK);
    await proxy.shutdown();

    const spanId = receiver.spans[0]?.spanId ?? '';
    expect(receiver.spans[0]).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_SPAN });
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

    expect(receiver.spans[0]).toMatchObject({ traceId: w3cTrace, parentSpanId: 'b7ad6b7169203331' });
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

describe('span content', () => {
  it("tags a server span with Envoy's and Istio's tags, all as strings", async () => {
    const proxy = tracer({ serviceName: 'reviews.default' });
    proxy
      .startSpan({
        kind: 'server',
        name: 'reviews.default.svc.cluster.local:9080/*',
        headers: sampledB3,
        method: 'GET',
        url: 'http://reviews:9080/reviews/0',
        requestId: '5457526c-0e6c-92eb-b0bd-508c75ad85c2',
        userAgent: 'curl/8.5.0',
        peerAddress: '10.244.1.6',
        protocol: 'HTTP/1.1',
      })
      .end({
        statusCode: 200,
        responseFlags: [],
        upstreamCluster: 'inbound|9080||',
        upstreamAddress: '10.244.1.7:9080',
        requestSize: 0,
        responseSize: 295,
      });
    await proxy.shutdown();

    expect(receiver.spans[0]).toMatchObject({
      name: 'reviews.default.svc.cluster.local:9080/*',
      kind: OTLP_SPAN_KIND.server,
      serviceName: 'reviews.default',
    });
    expect(receiver.spans[0]?.attributes).toEqual({
      node_id: NODE_ID,
      zone: '',
      'guid:x-request-id': '5457526c-0e6c-92eb-b0bd-508c75ad85c2',
      'http.url': 'http://reviews:9080/reviews/0',
      'http.method': 'GET',
      downstream_cluster: '-',
      user_agent: 'curl/8.5.0',
      'http.protocol': 'HTTP/1.1',
      'peer.address': '10.244.1.6',
      request_size: '0',
      response_size: '295',
      component: 'proxy',
      upstream_cluster: 'inbound|9080||',
      'upstream_cluster.name': 'inbound|9080||;',
      upstream_address: '10.244.1.7:9080',
      'http.status_code': '200',
      response_flags: '-',
      'istio.canonical_revision': 'v1',
      'istio.canonical_service': 'reviews',
      'istio.mesh_id': 'cluster.local',
      'istio.namespace': 'default',
      'istio.cluster_id': 'Kubernetes',
    });
  });

  it('marks a 503 local reply and a request without response as errors, a 404 not', async () => {
    const proxy = tracer();
    proxy.startSpan(outbound(sampledB3, { name: 'uh' })).end({ ...OK, statusCode: 503, responseFlags: ['UH'] });
    proxy.startSpan(outbound(sampledB3, { name: 'dc' })).end({ ...OK, statusCode: 0, responseFlags: ['DC'] });
    proxy.startSpan(outbound(sampledB3, { name: 'nr' })).end({ ...OK, statusCode: 404, responseFlags: ['NR'] });
    await proxy.shutdown();

    const byName = new Map(receiver.spans.map((s) => [s.name, s.attributes]));
    expect(byName.get('uh')).toMatchObject({ error: 'true', 'http.status_code': '503', response_flags: 'UH' });
    expect(byName.get('dc')).toMatchObject({ error: 'true', 'http.status_code': '0', response_flags: 'DC' });
    expect(byName.get('nr')).toMatchObject({ 'http.status_code': '404', response_flags: 'NR' });
    expect(byName.get('nr')).not.toHaveProperty('error');
  });

  it('exports batches on its own timer, without a flush', async () => {
    tracer().startSpan(outbound(sampledB3)).end(OK);
    const spans = await receiver.waitForSpans(1);
    expect(spans[0]?.traceId).toBe(TRACE_ID);
  });

  it('records an ended span once', async () => {
    const proxy = tracer();
    const span = proxy.startSpan(outbound(sampledB3));
    span.end(OK);
    span.end({ ...OK, statusCode: 500 });
    await proxy.shutdown();
    expect(receiver.spans).toHaveLength(1);
    expect(receiver.spans[0]?.attributes['http.status_code']).toBe('200');
  });
});

describe('configuration', () => {
  it('with no endpoint, traces nothing and leaves headers untouched', async () => {
    const off = createProxyTracer({
      samplingPercent: 100,
      nodeId: NODE_ID,
      serviceName: 'reviews.default',
      canonicalService: 'reviews',
      canonicalRevision: 'v1',
      namespace: 'default',
      meshId: 'cluster.local',
      clusterId: 'Kubernetes',
    });
    const span = off.startSpan(outbound(sampledB3));
    const headers: OutgoingHeaders = { ...sampledB3, b3: 'x' };
    span.inject(headers);
    span.end(OK);
    await off.shutdown();

    expect(off.enabled).toBe(false);
    expect(span.sampled).toBe(false);
    expect(headers).toEqual({ ...sampledB3, b3: 'x' });
  });

  it('refuses a sampling percentage outside 0..100, naming the option', () => {
    expect(() => tracer({ samplingPercent: 150 })).toThrow(/samplingPercent must be a number from 0 to 100/);
    expect(() => tracer({ samplingPercent: Number.NaN })).toThrow(/samplingPercent/);
  });
});
