/**
 * Test helpers of the trace view: Jaeger's ui_01 payload, a small Bookinfo-like trace, and a
 * viewport for the virtualised timeline (jsdom lays nothing out, so the scroll box has no size).
 */
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { jaegerTraceSchema } from '@meshlens/mesh-core/api/traces';
import ui01Text from '../../../../../../third_party/jaeger/ui_01.trace.json?raw';

export const ui01: JaegerTrace = jaegerTraceSchema.parse(JSON.parse(ui01Text));

/** Gives every element a 1000×520 client box (20 rows of the timeline) until the returned undo. */
export function stubViewport(): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    h: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    w: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
  };
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => 520 });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 1000 });
  return () => {
    if (saved.h) Object.defineProperty(proto, 'clientHeight', saved.h);
    if (saved.w) Object.defineProperty(proto, 'clientWidth', saved.w);
  };
}

const T0 = 1_700_000_000_000_000;
const str = (key: string, value: string): JaegerKeyValue => ({ key, type: 'string', value });

interface Spec {
  readonly id: string;
  readonly parent?: string;
  readonly service: string;
  readonly op: string;
  readonly start: number;
  readonly duration: number;
  readonly error?: boolean;
}

/**
 * gateway → productpage → (details, reviews → ratings), in namespace bookinfo; ratings fails;
 * details ends after reviews starts, so it is off the critical path.
 */
export const SPECS: readonly Spec[] = [
  { id: 'a1', service: 'p0', op: 'GET /productpage', start: 0, duration: 10_000 },
  { id: 'b2', parent: 'a1', service: 'p1', op: 'GET /productpage', start: 100, duration: 9_800 },
  { id: 'c3', parent: 'b2', service: 'p2', op: 'GET /details/0', start: 500, duration: 3_000 },
  { id: 'd4', parent: 'b2', service: 'p3', op: 'GET /reviews/0', start: 3_000, duration: 6_500 },
  { id: 'e5', parent: 'd4', service: 'p4', op: 'GET /ratings/0', start: 4_000, duration: 3_000, error: true },
];

export function bookinfoTrace(traceID = 'abc123'): JaegerTrace {
  const spans: JaegerSpan[] = SPECS.map((s) => ({
    traceID,
    spanID: s.id,
    operationName: s.op,
    references: s.parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID, spanID: s.parent }],
    startTime: T0 + s.start,
    duration: s.duration,
    tags: [
      str('istio.namespace', s.service === 'p0' ? 'istio-system' : 'bookinfo'),
      str('http.url', `http://x${s.op.slice(4)}`),
      ...(s.error === true ? [{ key: 'error', type: 'bool' as const, value: true }] : []),
    ],
    logs: s.id === 'e5' ? [{ timestamp: T0 + 4_500, fields: [str('event', 'upstream reset')] }] : [],
    processID: s.service,
    warnings: null,
  }));
  const names = ['istio-ingressgateway', 'productpage', 'details', 'reviews', 'ratings'];
  return {
    traceID,
    spans,
    processes: Object.fromEntries(
      names.map((n, i) => [`p${i}`, { serviceName: `${n}.bookinfo`, tags: [str('hostname', `${n}-v1-0`)] }]),
    ),
    warnings: null,
  };
}
