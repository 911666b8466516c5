import { describe, expect, it } from 'vitest';
import type { JaegerTrace } from '../api/traces.ts';
import { buildTraceModel } from './trace-model.ts';
import { collapsibleSpanIDs, formatDurationUs, traceNamespaces, visibleSpanIndexes } from './span-rows.ts';

// r ─ a ─ a1
//   │   └ a2
//   └ b ─ b1
const rows = [
  { spanID: 'r', depth: 0, hasChildren: true },
  { spanID: 'a', depth: 1, hasChildren: true },
  { spanID: 'a1', depth: 2, hasChildren: false },
  { spanID: 'a2', depth: 2, hasChildren: false },
  { spanID: 'b', depth: 1, hasChildren: true },
  { spanID: 'b1', depth: 2, hasChildren: false },
  { spanID: 'x', depth: 0, hasChildren: false },
];

describe('visibleSpanIndexes', () => {
  it.each<[string, string[], string[]]>([
    ['nothing collapsed', [], ['r', 'a', 'a1', 'a2', 'b', 'b1', 'x']],
    ['a collapsed hides its children only', ['a'], ['r', 'a', 'b', 'b1', 'x']],
    ['two subtrees collapsed', ['a', 'b'], ['r', 'a', 'b', 'x']],
    ['the root collapsed hides everything under it', ['r', 'a'], ['r', 'x']],
    ['a leaf in the set changes nothing', ['a1'], ['r', 'a', 'a1', 'a2', 'b', 'b1', 'x']],
  ])('%s', (_name, collapsed, shown) => {
    expect(visibleSpanIndexes(rows, new Set(collapsed)).map((i) => rows[i]?.spanID)).toEqual(shown);
  });

  it('collapse all collapses every span with children', () => {
    expect(collapsibleSpanIDs(rows)).toEqual(['r', 'a', 'b']);
    expect(visibleSpanIndexes(rows, new Set(collapsibleSpanIDs(rows))).map((i) => rows[i]?.spanID)).toEqual([
      'r',
      'x',
    ]);
  });
});

describe('traceNamespaces', () => {
  it('reads istio.namespace from span tags, else from the process, sorted and unique', () => {
    const tag = (value: string) => [{ key: 'istio.namespace', type: 'string' as const, value }];
    const span = (spanID: string, tags: ReturnType<typeof tag>, processID: string) => ({
      traceID: 't',
      spanID,
      operationName: 'op',
      references: [],
      startTime: 10,
      duration: 1,
      tags,
      logs: [],
      processID,
      warnings: null,
    });
    const trace: JaegerTrace = {
      traceID: 't',
      processes: { p: { serviceName: 's', tags: [] }, q: { serviceName: 'q', tags: tag('istio-system') } },
      warnings: null,
      spans: [
        span('1', tag('bookinfo'), 'p'),
        span('2', [], 'q'),
        span('3', tag('bookinfo'), 'p'),
        span('4', [], 'p'),
      ],
    };
    expect(traceNamespaces(buildTraceModel(trace))).toEqual(['bookinfo', 'istio-system']);
  });
});

describe('formatDurationUs', () => {
  it.each<[number, string]>([
    [0, '0μs'],
    [999, '999μs'],
    [1000, '1ms'],
    [1234, '1.23ms'],
    [2_500_000, '2.5s'],
  ])('%d µs → %s', (us, text) => {
    expect(formatDurationUs(us)).toBe(text);
  });
});
