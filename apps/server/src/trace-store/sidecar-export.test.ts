import { describe, expect, it } from 'vitest';
import { createProxyTracer } from '../mesh/sidecar/telemetry/tracing.ts';
import type { Envelope, UiTrace } from './trace-store.test-support.ts';
import { useTraceStore } from './trace-store.test-support.ts';

// The sidecar stamps spans with the real clock, so this store searches around the real "now".
const store = useTraceStore({ nowMs: () => Date.now() });

const TRACE_ID = '463ac35c9f6413ad48485a3953bb6124';
const CALLER_SPAN = 'a2fb4a1d1a96d312';

describe("spans from the sidecar's OTLP exporter", () => {
  it('land in the store and come back with their Envoy and Istio tags', async () => {
    const tracer = createProxyTracer({
      endpoint: `${store().otlpUrl}/v1/traces`,
      samplingPercent: 100,
      nodeId: 'sidecar~10.244.1.6~reviews-v1-0.default~default.svc.cluster.local',
      serviceName: 'reviews.default',
      canonicalService: 'reviews',
      canonicalRevision: 'v1',
      namespace: 'default',
      meshId: 'cluster.local',
      clusterId: 'Kubernetes',
      exportDelayMs: 10,
    });
    const span = tracer.startSpan({
      kind: 'client',
      name: 'ratings.default.svc.cluster.local:9080/*',
      headers: { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': CALLER_SPAN, 'x-b3-sampled': '1' },
      method: 'GET',
      url: 'http://ratings:9080/ratings/0',
      protocol: 'HTTP/1.1',
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
    });
    span.end({
      statusCode: 503,
      responseFlags: ['UH'],
      upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
      requestSize: 0,
      responseSize: 19,
    });
    // Shutting down flushes the batch; the store answers the export once the spans are written.
    await tracer.shutdown();

    const found = await store().query('/api/traces?service=reviews.default&tag=response_flags:UH');
    const [trace, ...others] = (found.json as Envelope<UiTrace[]>).data;
    const [proxySpan] = trace?.spans ?? [];

    expect(others).toEqual([]);
    expect(trace?.traceID).toBe(TRACE_ID);
    expect(trace?.processes['p1']?.serviceName).toBe('reviews.default');
    expect(proxySpan?.operationName).toBe('ratings.default.svc.cluster.local:9080/*');
    expect(proxySpan?.references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: CALLER_SPAN }]);
    const tags = Object.fromEntries((proxySpan?.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      'otel.library.name': 'meshlens-sidecar',
      node_id: 'sidecar~10.244.1.6~reviews-v1-0.default~default.svc.cluster.local',
      'guid:x-request-id': 'c0ffee00-0000-4000-8000-000000000001',
      'http.url': 'http://ratings:9080/ratings/0',
      'http.method': 'GET',
      'http.protocol': 'HTTP/1.1',
      'http.status_code': '503',
      response_flags: 'UH',
      upstream_cluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
      component: 'proxy',
      error: 'true',
      'istio.canonical_service': 'reviews',
      'istio.namespace': 'default',
      'span.kind': 'client',
    });
    expect((await store().query('/api/operations?service=reviews.default')).json).toMatchObject({
      data: [{ name: 'ratings.default.svc.cluster.local:9080/*', spanKind: 'client' }],
    });
  });
});
