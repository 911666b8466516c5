import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JaegerReference, JaegerSpan, JaegerTrace } from '../api/traces.ts';
import { jaegerTraceSchema } from '../api/traces.ts';
import { buildTraceModel } from './trace-model.ts';
import { syntheticTrace } from './synthetic-trace.test-support.ts';

const ui01 = jaegerTraceSchema.parse(
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../../../third_party/jaeger/ui_01.trace.json', import.meta.url)),
      'utf8',
    ),
  ),
);

type Ref = [JaegerReference['refType'], string];
interface SpanSpec {
  readonly id: string;
  readonly start: number;
  readonly duration?: number;
  readonly refs?: readonly Ref[];
  readonly parentSpanID?: string;
  readonly service?: string;
  readonly tags?: JaegerSpan['tags'];
}

function trace(specs: readonly SpanSpec[]): JaegerTrace {
  return {
    traceID: 'ABC',
    processes: { a: { serviceName: 'svc-a', tags: [] }, b: { serviceName: 'svc-b', tags: [] } },
    warnings: null,
    spans: specs.map((s) => ({
      traceID: 'abc',
      spanID: s.id,
      operationName: `op-${s.id}`,
      references: (s.refs ?? []).map(([refType, spanID]) => ({ refType, traceID: 'abc', spanID })),
      ...(s.parentSpanID === undefined ? {} : { parentSpanID: s.parentSpanID }),
      startTime: s.start,
      duration: s.duration ?? 10,
      tags: s.tags ?? [],
      logs: [],
      processID: s.service ?? 'a',
      warnings: null,
    })),
  };
}

const rows = (t: JaegerTrace): string[] =>
  buildTraceModel(t).spans.map((s) => `${'  '.repeat(s.depth)}${s.spanID}`);

describe('buildTraceModel on Jaeger’s ui_01 payload', () => {
  const model = buildTraceModel(ui01);
  const span = (id: string) => {
    const s = model.spanById.get(id);
    if (s === undefined) throw new Error(`no span ${id}`);
    return s;
  };

  it('lists the spans in tree order, the duplicate id renamed as Jaeger UI does', () => {
    expect(model.spans.map((s) => [s.spanID, s.depth, s.hasChildren])).toEqual([
      ['2', 0, true],
      ['3', 1, false],
      ['4', 1, true],
      ['5', 2, false],
      ['2_1', 0, false],
    ]);
    expect(span('2_1').sentSpanID).toBe('2');
    expect(span('2_1').operationName).toBe('some-operation');
    expect(span('2_1').warnings.join()).toMatch(/Duplicate span ID 2.*2_1/);
    // References name the first span sent with the id.
    expect(span('3').parentSpanID).toBe('2');
  });

  it('takes span 4’s parent from its CHILD_OF reference within the trace, as Jaeger’s query service does', () => {
    // 4 refers to ff of trace 00…ff first, then CHILD_OF 2 and FOLLOWS_FROM 2 in this trace: Jaeger's
    // ParentReference adjuster puts the local CHILD_OF first, so Jaeger UI shows 4 under 2.
    const s = span('4');
    expect(s.parentSpanID).toBe('2');
    expect(s.parentRefType).toBe('CHILD_OF');
    expect(s.references).toHaveLength(3);
    expect(s.warnings).toEqual(['some span warning']);
    expect(span('5').parentSpanID).toBe('4');
  });

  it('hangs a span whose parent is not in the trace at the top level, with a warning', () => {
    // ui_01 with span 4's references within the trace taken away: only the dangling ff is left.
    const dangling = {
      ...ui01,
      spans: ui01.spans.map((x) =>
        x.spanID === '4' ? { ...x, references: x.references.filter((r) => r.spanID === 'ff') } : x,
      ),
    };
    const m = buildTraceModel(dangling);
    const s = m.spanById.get('4');
    expect(s?.depth).toBe(0);
    expect(s?.parentSpanID).toBeUndefined();
    expect(s?.warnings[0]).toBe('some span warning');
    expect(s?.warnings[1]).toMatch(/^Invalid parent span ID ff/);
    expect(m.spans.map((x) => x.spanID)).toEqual(['2', '3', '2_1', '4', '5']);
    expect(m.spanById.get('5')?.depth).toBe(1);
  });

  it('summarises the trace as Jaeger’s header does', () => {
    expect(model.traceID).toBe('0000000000000001');
    expect(model.name).toBe('service-x: test-general-conversion');
    expect(model.rootSpanID).toBe('2');
    expect(model.startUs).toBe(1485467191639875);
    expect(model.durationUs).toBe(5);
    expect(model.services).toEqual([
      { name: 'service-x', spanCount: 2 },
      { name: 'service-y', spanCount: 3 },
    ]);
    expect(model.maxDepth).toBe(2);
    expect(model.warnings).toEqual(['some trace warning']);
    expect(model.errorSpanCount).toBe(1);
    expect(span('2_1').isError).toBe(true);
    expect(span('2_1').tags).toHaveLength(5);
    expect(span('2').logs).toHaveLength(2);
  });

  it('puts the last-finishing child of each top-level span on the critical path', () => {
    // 2 [t, t+5] has 3 and 4, both [t, t+5]: 3 comes first and covers it all; 2_1 is a root alone.
    const t = 1485467191639875;
    expect(model.criticalPath).toEqual([
      { spanID: '3', startUs: t, endUs: t + 5 },
      { spanID: '2_1', startUs: t, endUs: t + 5 },
    ]);
    expect(span('2').criticalPath).toEqual([]);
    expect(span('3').criticalPath).toEqual([{ startUs: t, endUs: t + 5 }]);
  });
});

describe('buildTraceModel: parents', () => {
  it.each<[string, SpanSpec[], string[]]>([
    [
      'children sorted by start time, depth first',
      [
        { id: 'r', start: 100, duration: 100 },
        { id: 'b', start: 150, refs: [['CHILD_OF', 'r']] },
        { id: 'a', start: 110, refs: [['CHILD_OF', 'r']] },
        { id: 'a1', start: 111, refs: [['CHILD_OF', 'a']] },
      ],
      ['r', '  a', '    a1', '  b'],
    ],
    [
      'FOLLOWS_FROM is the parent when it is the only reference',
      [
        { id: 'r', start: 100 },
        { id: 'f', start: 120, refs: [['FOLLOWS_FROM', 'r']] },
      ],
      ['r', '  f'],
    ],
    [
      'a CHILD_OF reference wins over an earlier FOLLOWS_FROM one',
      [
        { id: 'r', start: 100 },
        { id: 'x', start: 101, refs: [['CHILD_OF', 'r']] },
        {
          id: 'c',
          start: 102,
          refs: [
            ['FOLLOWS_FROM', 'r'],
            ['CHILD_OF', 'x'],
          ],
        },
      ],
      ['r', '  x', '    c'],
    ],
    [
      'the deprecated parentSpanID when there are no references',
      [
        { id: 'r', start: 100 },
        { id: 'c', start: 101, parentSpanID: 'r' },
        { id: 'z', start: 102, parentSpanID: '0000000000000000' },
      ],
      ['r', '  c', 'z'],
    ],
    [
      'a repeated id: references name the first, the repeats get _1, _2',
      [
        { id: 'x', start: 100 },
        { id: 'x', start: 101 },
        { id: 'x', start: 102 },
        { id: 'c', start: 103, refs: [['CHILD_OF', 'x']] },
      ],
      ['x', '  c', 'x_1', 'x_2'],
    ],
    [
      'a loop of parents is cut, every span still shown',
      [
        { id: 'a', start: 100, refs: [['CHILD_OF', 'b']] },
        { id: 'b', start: 101, refs: [['CHILD_OF', 'a']] },
        { id: 's', start: 99, refs: [['CHILD_OF', 's']] },
      ],
      ['s', 'a', '  b'],
    ],
  ])('%s', (_name, specs, expected) => {
    expect(rows(trace(specs))).toEqual(expected);
  });

  it('warns on the span whose parent loops and on a self-parent', () => {
    const model = buildTraceModel(
      trace([
        { id: 'a', start: 100, refs: [['CHILD_OF', 'b']] },
        { id: 'b', start: 101, refs: [['CHILD_OF', 'a']] },
        { id: 's', start: 99, refs: [['CHILD_OF', 's']] },
      ]),
    );
    expect(model.spanById.get('a')?.warnings.join()).toMatch(/loop/);
    expect(model.spanById.get('s')?.warnings.join()).toMatch(/Invalid parent span ID s/);
  });

  it('leaves out spans without a start time, saying so', () => {
    const model = buildTraceModel(
      trace([
        { id: 'r', start: 100 },
        { id: 'z', start: 0 },
      ]),
    );
    expect(model.spans.map((s) => s.spanID)).toEqual(['r']);
    expect(model.warnings).toEqual(['1 span without a start time left out']);
  });

  it('drops repeated tags with Jaeger UI’s warning and reads the error tag as text too', () => {
    const tag = { key: 'k', type: 'string' as const, value: 'v' };
    const model = buildTraceModel(
      trace([{ id: 'r', start: 100, tags: [tag, tag, { key: 'error', type: 'string', value: 'true' }] }]),
    );
    const span = model.spans[0];
    expect(span?.tags).toHaveLength(2);
    expect(span?.warnings).toEqual(['Duplicate tag "k:v"']);
    expect(span?.isError).toBe(true);
  });

  it('names the trace after the earliest top-level span and counts services and depth', () => {
    const model = buildTraceModel(
      trace([
        { id: 'late', start: 200, service: 'a' },
        { id: 'r', start: 100, duration: 300, service: 'b' },
        { id: 'c', start: 110, refs: [['CHILD_OF', 'r']], service: 'a' },
        { id: 'd', start: 120, refs: [['CHILD_OF', 'c']], service: 'a' },
      ]),
    );
    expect(model.name).toBe('svc-b: op-r');
    expect(model.services).toEqual([
      { name: 'svc-b', spanCount: 1 },
      { name: 'svc-a', spanCount: 3 },
    ]);
    expect(model.maxDepth).toBe(2);
    expect(model.durationUs).toBe(300);
    expect(model.spanById.get('r')?.descendantCount).toBe(2);
    expect(model.spans.map((s) => s.relativeStartUs)).toEqual([0, 10, 20, 100]);
  });

  it('handles an empty trace', () => {
    const model = buildTraceModel(trace([]));
    expect(model).toMatchObject({ name: '', spans: [], durationUs: 0, maxDepth: 0, criticalPath: [] });
  });
});

describe('buildTraceModel at 5,000 spans', () => {
  const t = syntheticTrace({ spans: 5000, services: 10, depth: 10, seed: 7 });
  const model = buildTraceModel(t);

  it('keeps every span once, parents before children, siblings by start time', () => {
    expect(model.spans).toHaveLength(5000);
    expect(new Set(model.spans.map((s) => s.spanID)).size).toBe(5000);
    const seen = new Map<string, number>();
    model.spans.forEach((s, i) => {
      if (s.parentSpanID !== undefined) {
        const p = seen.get(s.parentSpanID);
        expect(p).toBeDefined();
        expect(s.depth).toBe((model.spans[p ?? 0]?.depth ?? 0) + 1);
      }
      seen.set(s.spanID, i);
    });
    const kids = new Map<string, number[]>();
    for (const s of model.spans) {
      const list = kids.get(s.parentSpanID ?? '') ?? [];
      list.push(s.startUs);
      kids.set(s.parentSpanID ?? '', list);
    }
    for (const starts of kids.values()) expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(model.maxDepth).toBe(9);
    expect(model.services).toHaveLength(10);
    expect(model.services.reduce((n, s) => n + s.spanCount, 0)).toBe(5000);
  });

  it('has a critical path that starts at the root’s end and never overlaps itself', () => {
    const sections = [...model.criticalPath].sort((a, b) => a.startUs - b.startUs);
    expect(sections[sections.length - 1]?.endUs).toBe(model.endUs);
    for (let i = 1; i < sections.length; i++)
      expect(sections[i]?.startUs).toBeGreaterThanOrEqual(sections[i - 1]?.endUs ?? 0);
    for (const c of sections) {
      const span = model.spanById.get(c.spanID);
      expect(c.startUs).toBeGreaterThanOrEqual(span?.startUs ?? Infinity);
      expect(c.endUs).toBeLessThanOrEqual((span?.startUs ?? 0) + (span?.durationUs ?? 0));
    }
  });
});
