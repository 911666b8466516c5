import type { FindingWire } from '@meshlens/mesh-core/api/istio-config';
import type { Finding } from '@meshlens/mesh-core/validation';
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  browserFindings,
  countFindings,
  countsText,
  findingRange,
  serverFindings,
  sortEditorFindings,
} from './editor-findings.ts';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  resourceVersion: "7"
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: nope
`;

const wire = (over: Partial<FindingWire>): FindingWire => ({
  code: 'KIA1101',
  severity: 'error',
  message: "DestinationWeight on route doesn't have a valid service (host not found)",
  path: 'spec/http[0]/route[0]/destination/host',
  ...over,
});

describe('browserFindings', () => {
  it.each([
    ['error', 'error'],
    ['warning', 'warning'],
    ['unknown', 'info'],
  ] as const)('shows severity %s as %s, at its source position', (severity, shown) => {
    const finding: Finding = {
      code: 'KIA1101',
      severity,
      message: 'm',
      path: 'spec',
      source: { file: 'editor', line: 4, column: 3 },
    };
    expect(browserFindings([finding])).toEqual([
      { code: 'KIA1101', severity: shown, message: 'm', path: 'spec', line: 4, column: 3, origin: 'browser' },
    ]);
  });

  it('puts a finding without a position at the top', () => {
    const [f] = browserFindings([{ code: 'KIA1101', severity: 'error', message: 'm', path: '' }]);
    expect([f?.line, f?.column]).toEqual([1, 1]);
  });
});

describe('serverFindings', () => {
  it.each([
    [
      'by its path, whatever line the server gives',
      wire({ source: { file: 'update', line: 40, column: 1 } }),
      13,
      19,
    ],
    ['by its path when the server gives no line', wire({}), 13, 19],
    [
      'at the request body line when the path is not in the text',
      wire({ path: 'spec/tcp[3]', source: { file: 'request body', line: 9, column: 5 } }),
      7,
      1,
    ],
    ['at the top when nothing locates it', wire({ path: 'not a [path' }), 1, 1],
  ])('places a finding %s', (_what, finding, line, column) => {
    const [f] = serverFindings([finding], VS, 'bookinfo');
    expect(f?.origin).toBe('server');
    expect([f?.line, f?.column]).toEqual([line, column]);
  });

  it('uses the request body line when the text cannot be parsed', () => {
    const [f] = serverFindings(
      [wire({ source: { file: 'request body', line: 3, column: 2 } })],
      'kind: [unclosed',
      'bookinfo',
    );
    expect([f?.line, f?.column]).toEqual([3, 2]);
  });
});

describe('findingRange', () => {
  const doc = Text.of(['spec:', '  host: nope   ', '']);
  it.each([
    ['from the column to the end of the text of the line', { line: 2, column: 9 }, 14, 18],
    ['clamped to the last line', { line: 99, column: 1 }, 22, 22],
    ['clamped to the end of its line', { line: 1, column: 80 }, 5, 5],
    ['at least one character', { line: 2, column: 12 }, 17, 18],
  ])('%s', (_what, at, from, to) => {
    expect(findingRange(at, doc)).toEqual({ from, to });
  });
});

describe('counts and order', () => {
  const f = (severity: 'error' | 'warning' | 'info', line: number) => ({
    code: 'KIA0000',
    severity,
    message: '',
    path: '',
    line,
    column: 1,
    origin: 'browser' as const,
  });
  it.each([
    [[], 'No findings'],
    [[f('error', 1)], '1 error'],
    [[f('error', 1), f('error', 2), f('warning', 3), f('info', 1)], '2 errors, 1 warning, 1 info'],
  ])('counts %j as %s', (findings, text) => {
    expect(countsText(countFindings(findings))).toBe(text);
  });
  it('orders by line, then errors first', () => {
    expect(sortEditorFindings([f('warning', 2), f('info', 1), f('error', 2)]).map((x) => x.severity)).toEqual(
      ['info', 'error', 'warning'],
    );
  });
});
