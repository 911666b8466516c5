import { describe, expect, it } from 'vitest';
import { OTLP_SPAN_KIND } from '../testing/otlp-receiver.ts';
import type { OutgoingHeaders } from './trace-context.ts';
import { createProxyTracer } from './tracing.ts';
import {
  IDENTITY,
  NODE_ID,
  OK,
  TRACE_ID,
  outbound,
  sampledB3,
  useTracingHarness,
} from './tracing.test-support.ts';

const harness = useTracingHarness();
const tracer = harness.tracer;

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

    expect(harness.receiver().spans[0]).toMatchObject({
      name: 'reviews.default.svc.cluster.local:9080/*',
      kind: OTLP_SPAN_KIND.server,
      serviceName: 'reviews.default',
    });
    expect(harness.receiver().spans[0]?.attributes).toEqual({
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
    proxy
      .startSpan(outbound(sampledB3, { name: 'uh' }))
      .end({ ...OK, statusCode: 503, responseFlags: ['UH'] });
    proxy.startSpan(outbound(sampledB3, { name: 'dc' })).end({ ...OK, statusCode: 0, responseFlags: ['DC'] });
    proxy
      .startSpan(outbound(sampledB3, { name: 'nr' }))
      .end({ ...OK, statusCode: 404, responseFlags: ['NR'] });
    await proxy.shutdown();

    const byName = new Map(harness.receiver().spans.map((s) => [s.name, s.attributes]));
    expect(byName.get('uh')).toMatchObject({
      error: 'true',
      'http.status_code': '503',
      response_flags: 'UH',
    });
    expect(byName.get('dc')).toMatchObject({ error: 'true', 'http.status_code': '0', response_flags: 'DC' });
    expect(byName.get('nr')).toMatchObject({ 'http.status_code': '404', response_flags: 'NR' });
    expect(byName.get('nr')).not.toHaveProperty('error');
  });

  it('exports batches on its own timer, without a flush', async () => {
    tracer().startSpan(outbound(sampledB3)).end(OK);
    const spans = await harness.receiver().waitForSpans(1);
    expect(spans[0]?.traceId).toBe(TRACE_ID);
  });

  it('records an ended span once', async () => {
    const proxy = tracer();
    const span = proxy.startSpan(outbound(sampledB3));
    span.end(OK);
    span.end({ ...OK, statusCode: 500 });
    await proxy.shutdown();
    expect(harness.receiver().spans).toHaveLength(1);
    expect(harness.receiver().spans[0]?.attributes['http.status_code']).toBe('200');
  });
});

describe('configuration', () => {
  it('with no endpoint, traces nothing and leaves headers untouched', async () => {
    const off = createProxyTracer({ samplingPercent: 100, ...IDENTITY });
    const span = off.startSpan(outbound(sampledB3));
    const headers: OutgoingHeaders = { ...sampledB3, b3: 'x' };
    span.inject(headers);
    span.end(OK);
    await off.shutdown();

    expect(off.enabled).toBe(false);
    expect(span.sampled).toBe(false);
    expect(headers).toEqual({ ...sampledB3, b3: 'x' });
  });

  it('shuts down without an error when the collector refuses the spans', async () => {
    const refused = tracer({ endpoint: harness.receiver().url.replace('/v1/traces', '/elsewhere') });
    refused.startSpan(outbound(sampledB3)).end(OK);
    await expect(refused.shutdown()).resolves.toBeUndefined();
    expect(harness.receiver().spans).toEqual([]);
  });

  it('refuses an endpoint that is not an http(s) URL, naming the option', () => {
    expect(() => tracer({ endpoint: 'collector:4318' })).toThrow(
      /tracing endpoint must be an absolute http\(s\) URL/,
    );
    expect(() => tracer({ endpoint: 'not a url' })).toThrow(/tracing endpoint/);
  });

  it('refuses a sampling percentage outside 0..100, naming the option', () => {
    expect(() => tracer({ samplingPercent: 150 })).toThrow(/samplingPercent must be a number from 0 to 100/);
    expect(() => tracer({ samplingPercent: Number.NaN })).toThrow(/samplingPercent/);
  });
});
