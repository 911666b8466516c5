import { describe, expect, it } from 'vitest';
import { adjustTrace } from './adjusters.ts';
import type { JaegerSpan } from './jaeger-model.ts';

const TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function span(spanID: string, fields: Partial<JaegerSpan> & { kind?: string; parent?: string }): JaegerSpan {
  const { kind, parent, ...rest } = fields;
  return {
    traceID: TRACE,
    spanID,
    operationName: spanID,
    references: parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: TRACE, spanID: parent }],
    startTime: 1_000_000,
    duration: 100,
    tags: kind === undefined ? [] : [{ key: 'span.kind', type: 'string', value: kind }],
    logs: [],
    process: { serviceName: 'svc', tags: [] },
    warnings: null,
    ...rest,
  };
}

describe("Jaeger's query-time adjusters", () => {
  it('gives a Zipkin-style server span that shares its id with the client a new id under it', () => {
    const root = span('00000000000000a0', {});
    const client = span('00000000000000b1', { kind: 'client', parent: '00000000000000a0' });
    const server = span('00000000000000b1', {
      kind: 'server',
      parent: '00000000000000a0',
      startTime: 1_000_010,
      duration: 50,
    });
    const child = span('00000000000000c1', {
      parent: '00000000000000b1',
      startTime: 1_000_020,
      duration: 10,
    });

    adjustTrace([root, client, server, child], { maxClockSkewAdjustUs: 0 });

    expect(server.spanID).toBe('0000000000000001');
    expect(server.references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE, spanID: '00000000000000b1' }]);
    // Children of the shared id belong to the server side now.
    expect(child.references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE, spanID: '0000000000000001' }]);
  });

  it('only warns about a child outside its parent when clock-skew adjustment is off (the default)', () => {
    const parent = span('00000000000000a0', { startTime: 1_000_000, duration: 100 });
    const early = span('00000000000000a1', { parent: '00000000000000a0', startTime: 999_000, duration: 40 });

    adjustTrace([parent, early], { maxClockSkewAdjustUs: 0 });

    expect(early.startTime).toBe(999_000);
    expect(early.warnings).toEqual([
      'clock skew adjustment disabled; not applying calculated delta of 1.03ms',
    ]);
    expect(parent.warnings).toBeNull();
  });

  it('moves such a child to the middle of its parent when allowed, logs included', () => {
    const parent = span('00000000000000a0', { startTime: 1_000_000, duration: 100 });
    const early = span('00000000000000a1', {
      parent: '00000000000000a0',
      startTime: 999_000,
      duration: 40,
      logs: [{ timestamp: 999_010, fields: [] }],
    });

    adjustTrace([parent, early], { maxClockSkewAdjustUs: 5_000 });

    expect(early.startTime).toBe(1_000_030);
    expect(early.logs[0]?.timestamp).toBe(1_000_040);
    expect(early.warnings).toEqual(["This span's timestamps were adjusted by 1.03ms"]);
  });

  it('puts the parent reference first and drops references to the zero trace id', () => {
    const linked = span('00000000000000a1', {
      references: [
        { refType: 'FOLLOWS_FROM', traceID: '00000000000000000000000000000000', spanID: '0000000000000009' },
        { refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: '0000000000000002' },
        { refType: 'CHILD_OF', traceID: TRACE, spanID: '0000000000000003' },
      ],
    });

    adjustTrace([linked], { maxClockSkewAdjustUs: 0 });

    expect(linked.references.map((r) => r.spanID)).toEqual(['0000000000000003', '0000000000000002']);
    expect(linked.warnings).toHaveLength(1);
  });
});
