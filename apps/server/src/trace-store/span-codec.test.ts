import { describe, expect, it } from 'vitest';
import type { JaegerSpan } from './jaeger-model.ts';
import { decodeSpan, encodeSpanBody, spanHash } from './span-codec.ts';

const TRACE = '0123456789abcdef0123456789abcdef';

/** A span using every part of the model: each tag type, a reference to another trace, a log. */
const span: JaegerSpan = {
  traceID: TRACE,
  spanID: '00000000000000a1',
  operationName: 'GET /reviews',
  references: [
    { refType: 'CHILD_OF', traceID: TRACE, spanID: '00000000000000a0' },
    { refType: 'FOLLOWS_FROM', traceID: 'fedcba9876543210fedcba9876543210', spanID: '00000000000000b0' },
  ],
  startTime: 1_700_000_000_000_001,
  duration: 1500,
  tags: [
    { key: 'http.method', type: 'string', value: 'GET' },
    { key: 'error', type: 'bool', value: true },
    { key: 'big', type: 'int64', value: '9223372036854775807' },
    { key: 'ratio', type: 'float64', value: 0.25 },
    { key: 'zero', type: 'float64', value: -0 },
    { key: 'nan', type: 'float64', value: 'NaN' },
    { key: 'payload', type: 'binary', value: 'AAEC' },
  ],
  logs: [{ timestamp: 1_700_000_000_000_100, fields: [{ key: 'event', type: 'string', value: 'retry' }] }],
  process: { serviceName: 'reviews', tags: [{ key: 'ip', type: 'int64', value: '167772161' }] },
  warnings: ['clock skew'],
};

const row = (s: JaegerSpan, body: string) => ({
  trace_id: s.traceID,
  span_id: s.spanID,
  service: s.process.serviceName,
  operation: s.operationName,
  start_us: s.startTime,
  duration_us: s.duration,
  body,
});

describe('the stored span format', () => {
  it('gives back exactly the span it was given, negative zero included', () => {
    expect(decodeSpan(row(span, encodeSpanBody(span)))).toEqual(span);
    expect(decodeSpan(row(span, encodeSpanBody(span))).tags[4]?.value).toBe(-0);
  });

  it('tells a copy of a span from a span that differs in any field', () => {
    const hashOf = (s: JaegerSpan): bigint => spanHash(s, encodeSpanBody(s));
    const copy = structuredClone(span);

    expect(hashOf(copy)).toBe(hashOf(span));
    expect(hashOf({ ...span, duration: 1501 })).not.toBe(hashOf(span));
    expect(hashOf({ ...span, process: { ...span.process, serviceName: 'ratings' } })).not.toBe(hashOf(span));
    expect(hashOf({ ...span, tags: span.tags.slice(1) })).not.toBe(hashOf(span));
  });
});
