/**
 * Shared setup of the tracer tests: a real OTLP receiver per test, tracers pointed at it (shut down
 * after each test) and the request shapes the proxy passes.
 */
import { afterEach, beforeEach } from 'vitest';
import type { OtlpReceiver } from '../testing/otlp-receiver.ts';
import { startOtlpReceiver } from '../testing/otlp-receiver.ts';
import type { ProxyTracer, RequestSpanEnd, RequestSpanStart, TracingOptions } from './tracing.ts';
import { createProxyTracer } from './tracing.ts';

export const TRACE_ID = '463ac35c9f6413ad48485a3953bb6124';
export const CALLER_SPAN = 'a2fb4a1d1a96d312';
export const NODE_ID = 'sidecar~10.244.1.6~reviews-v1-7586d5d46d-tgqhb.default~default.svc.cluster.local';

export const IDENTITY = {
  nodeId: NODE_ID,
  serviceName: 'reviews.default',
  canonicalService: 'reviews',
  canonicalRevision: 'v1',
  namespace: 'default',
  meshId: 'cluster.local',
  clusterId: 'Kubernetes',
} as const;

export const sampledB3 = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': CALLER_SPAN, 'x-b3-sampled': '1' };

export const OK: RequestSpanEnd = {
  statusCode: 200,
  responseFlags: [],
  upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
  requestSize: 0,
  responseSize: 48,
};

/** An outbound request from reviews to ratings, as the client sidecar sees it. */
export function outbound(
  headers: RequestSpanStart['headers'],
  extra: Partial<RequestSpanStart> = {},
): RequestSpanStart {
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

export interface TracingHarness {
  readonly receiver: () => OtlpReceiver;
  /** A tracer exporting to this test's receiver every 20 ms, at 1 % unless overridden. */
  readonly tracer: (overrides?: Partial<TracingOptions>) => ProxyTracer;
}

/** Registers the per-test receiver and tracer cleanup; call at the top of a test file. */
export function useTracingHarness(): TracingHarness {
  let current: OtlpReceiver | undefined;
  const tracers: ProxyTracer[] = [];
  beforeEach(async () => {
    current = await startOtlpReceiver();
  });
  afterEach(async () => {
    await Promise.all(tracers.splice(0).map((tracer) => tracer.shutdown()));
    await current?.close();
  });
  function receiver(): OtlpReceiver {
    if (current === undefined) throw new Error('the OTLP receiver starts in beforeEach');
    return current;
  }
  return {
    receiver,
    tracer: (overrides = {}) => {
      const created = createProxyTracer({
        endpoint: receiver().url,
        samplingPercent: 1,
        ...IDENTITY,
        exportDelayMs: 20,
        ...overrides,
      });
      tracers.push(created);
      return created;
    },
  };
}
