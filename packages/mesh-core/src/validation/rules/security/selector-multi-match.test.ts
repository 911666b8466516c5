import { describe, expect, it } from 'vitest';
import { selectorObject } from './selector-fixtures.test-support.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews-v1', namespace: 'bookinfo', labels: { app: 'reviews', version: 'v1' } })}${workload({ name: 'reviews-v2', namespace: 'bookinfo', labels: { app: 'reviews', version: 'v2' } })}${workload({ name: 'reviews', namespace: 'shop', labels: { app: 'reviews', version: 'v1' } })}`;

describe('KIA0003 more than one object selecting the same workload', () => {
  describe.each([
    { kind: 'PeerAuthentication' as const, path: 'spec/selector' },
    { kind: 'Sidecar' as const, path: 'spec/workloadSelector' },
  ])('$kind', ({ kind, path }) => {
    it('reports each object sharing a workload as an error', () => {
      const yaml = `${mesh}${selectorObject({ kind, name: 'all', namespace: 'bookinfo', labels: { app: 'reviews' } })}${selectorObject({ kind, name: 'v2', namespace: 'bookinfo', labels: { version: 'v2' } })}`;
      const field = kind === 'Sidecar' ? 'workloadSelector:' : '  selector:';
      // name: all / name: v2 are the objects' own names (the workloads are reviews-v1, reviews-v2).
      expect(findingsOf(yaml, { codes: ['KIA0003'] })).toEqual([
        {
          code: 'KIA0003',
          severity: 'error',
          object: `${kind}/bookinfo/all`,
          path,
          line: lineOf(yaml, field, 'name: all'),
        },
        {
          code: 'KIA0003',
          severity: 'error',
          object: `${kind}/bookinfo/v2`,
          path,
          line: lineOf(yaml, field, 'name: v2'),
        },
      ]);
    });

    it.each([
      {
        name: 'objects selecting different workloads',
        yaml: `${selectorObject({ kind, name: 'v1', namespace: 'bookinfo', labels: { version: 'v1' } })}${selectorObject({ kind, name: 'v2', namespace: 'bookinfo', labels: { version: 'v2' } })}`,
      },
      {
        name: 'the same selector in two namespaces',
        yaml: `${selectorObject({ kind, name: 'a', namespace: 'bookinfo', labels: { app: 'reviews' } })}${selectorObject({ kind, name: 'a', namespace: 'shop', labels: { app: 'reviews' } })}`,
      },
      {
        name: 'a selector-less object next to a selecting one (KIA0002 territory)',
        yaml: `${selectorObject({ kind, name: 'a', namespace: 'bookinfo' })}${selectorObject({ kind, name: 'b', namespace: 'bookinfo', labels: { app: 'reviews' } })}`,
      },
    ])('accepts $name', ({ yaml }) => {
      expect(findingsOf(`${mesh}${yaml}`, { codes: ['KIA0003'] })).toEqual([]);
    });
  });

  it.each(['RequestAuthentication', 'AuthorizationPolicy'] as const)(
    'leaves %s alone: Istio combines them',
    (kind) => {
      const yaml = `${mesh}${selectorObject({ kind, name: 'a', namespace: 'bookinfo', labels: { app: 'reviews' } })}${selectorObject({ kind, name: 'b', namespace: 'bookinfo', labels: { app: 'reviews' } })}`;
      expect(findingsOf(yaml, { codes: ['KIA0003'] })).toEqual([]);
    },
  );
});
