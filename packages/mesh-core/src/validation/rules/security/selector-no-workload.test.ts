import { describe, expect, it } from 'vitest';
import type { SelectorTestKind } from './selector-fixtures.test-support.ts';
import { selectorObject } from './selector-fixtures.test-support.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo', labels: { app: 'reviews', version: 'v1' } })}${workload({ name: 'ratings', namespace: 'shop' })}`;
const kinds: readonly { kind: SelectorTestKind; path: string; field: string }[] = [
  { kind: 'AuthorizationPolicy', path: 'spec/selector/matchLabels', field: 'matchLabels:' },
  { kind: 'PeerAuthentication', path: 'spec/selector/matchLabels', field: 'matchLabels:' },
  { kind: 'RequestAuthentication', path: 'spec/selector/matchLabels', field: 'matchLabels:' },
  { kind: 'Sidecar', path: 'spec/workloadSelector/labels', field: '    labels:' },
];

describe('KIA0004 selector matching no workload of the namespace', () => {
  describe.each(kinds)('$kind', ({ kind, path, field }) => {
    const object = (labels?: Record<string, string>): string =>
      `${mesh}${selectorObject({ kind, name: 'scoped', namespace: 'bookinfo', ...(labels ? { labels } : {}) })}`;

    it('warns at the selector labels when nothing matches', () => {
      const yaml = object({ app: 'reviews', version: 'v2' });
      expect(findingsOf(yaml, { codes: ['KIA0004'] })).toEqual([
        {
          code: 'KIA0004',
          severity: 'warning',
          object: `${kind}/bookinfo/scoped`,
          path,
          line: lineOf(yaml, field, 'name: scoped'),
        },
      ]);
    });

    const cases: { name: string; labels: Record<string, string> | undefined; count: number }[] = [
      { name: 'a matching workload', labels: { app: 'reviews' }, count: 0 },
      { name: 'all labels of a workload', labels: { app: 'reviews', version: 'v1' }, count: 0 },
      { name: 'no selector', labels: undefined, count: 0 },
      { name: 'an empty selector', labels: {}, count: 0 },
      { name: 'a workload of another namespace only', labels: { app: 'ratings' }, count: 1 },
    ];
    it.each(cases)('$name', ({ labels, count }) => {
      expect(findingsOf(object(labels), { codes: ['KIA0004'] })).toHaveLength(count);
    });
  });
});
