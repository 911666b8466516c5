/**
 * A large, realistic trace in Jaeger's UI JSON for tests: `spans` spans over `services` services,
 * exactly `depth` levels deep (a chain first, then every other span under a random span above the
 * last level), every child inside its parent's time, Envoy-like tags and a log on some spans.
 * Deterministic for a seed.
 */
import type { JaegerSpan, JaegerTrace } from '../api/traces.ts';

export interface SyntheticTraceOptions {
  readonly spans: number;
  readonly services: number;
  readonly depth: number;
  readonly seed: number;
}

/** mulberry32: a small seeded generator, enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticTrace(options: SyntheticTraceOptions): JaegerTrace {
  const rand = random(options.seed);
  const traceID = '00000000000000000000000000abcdef';
  const t0 = 1_700_000_000_000_000;
  const spans: JaegerSpan[] = [];
  const depthOf: number[] = [];
  const hex = (i: number): string => (i + 1).toString(16).padStart(16, '0');
  const add = (parent: number): void => {
    const i = spans.length;
    const p = spans[parent];
    const start = p === undefined ? t0 : p.startTime + Math.floor(rand() * p.duration * 0.5);
    const room = p === undefined ? 2_000_000 : p.startTime + p.duration - start;
    const duration = p === undefined ? room : Math.floor(room * (0.2 + 0.8 * rand()));
    const service =
      p !== undefined && rand() < 0.4 ? p.processID : `p${Math.floor(rand() * options.services)}`;
    const error = rand() < 0.02;
    spans.push({
      traceID,
      spanID: hex(i),
      operationName: `op-${i % 37}`,
      references: p === undefined ? [] : [{ refType: 'CHILD_OF', traceID, spanID: p.spanID }],
      startTime: start,
      duration,
      tags: [
        { key: 'component', type: 'string', value: 'proxy' },
        { key: 'http.method', type: 'string', value: 'GET' },
        { key: 'http.status_code', type: 'string', value: error ? '503' : '200' },
        { key: 'istio.namespace', type: 'string', value: `ns-${service.slice(1)}` },
        ...(error ? [{ key: 'error', type: 'bool' as const, value: true }] : []),
      ],
      logs:
        i % 5 === 0 ? [{ timestamp: start, fields: [{ key: 'event', type: 'string', value: 'retry' }] }] : [],
      processID: service,
      warnings: null,
    });
    depthOf.push(p === undefined ? 0 : (depthOf[parent] ?? 0) + 1);
  };
  add(-1);
  for (let d = 1; d < options.depth && spans.length < options.spans; d++) add(spans.length - 1);
  while (spans.length < options.spans) {
    let parent = Math.floor(rand() * spans.length);
    while ((depthOf[parent] ?? 0) >= options.depth - 1) parent = Math.floor(rand() * spans.length);
    add(parent);
  }
  // Stores answer spans in no particular order.
  for (let i = spans.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const a = spans[i];
    const b = spans[j];
    if (a !== undefined && b !== undefined) {
      spans[i] = b;
      spans[j] = a;
    }
  }
  const processes: JaegerTrace['processes'] = {};
  for (let k = 0; k < options.services; k++)
    processes[`p${k}`] = {
      serviceName: `service-${k}`,
      tags: [{ key: 'hostname', type: 'string', value: `service-${k}-v1-abc` }],
    };
  return { traceID, spans, processes, warnings: null };
}
