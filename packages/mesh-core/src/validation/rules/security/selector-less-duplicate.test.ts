import { describe, expect, it } from 'vitest';
import { selectorObject } from './selector-fixtures.test-support.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo' })}${workload({ name: 'ratings', namespace: 'shop' })}`;

describe('KIA0002 more than one selector-less object in a namespace', () => {
  describe.each([
    { kind: 'PeerAuthentication' as const, path: 'spec/selector' },
    { kind: 'Sidecar' as const, path: 'spec/workloadSelector' },
  ])('$kind', ({ kind, path }) => {
    it('reports every selector-less object of the namespace as an error', () => {
      const yaml = `${mesh}${selectorObject({ kind, name: 'first', namespace: 'bookinfo' })}${selectorObject({ kind, name: 'second', namespace: 'bookinfo', labels: {} })}`;
      // The selector is absent, so the position is that of the nearest field that exists: spec.
      expect(findingsOf(yaml, { codes: ['KIA0002'] })).toEqual([
        {
          code: 'KIA0002',
          severity: 'error',
          object: `${kind}/bookinfo/first`,
          path,
          line: lineOf(yaml, 'spec:', 'name: first'),
        },
        {
          code: 'KIA0002',
          severity: 'error',
          object: `${kind}/bookinfo/second`,
          path,
          line: lineOf(yaml, 'elector:', 'name: second'),
        },
      ]);
    });

    it.each([
      {
        name: 'one per namespace',
        yaml: `${selectorObject({ kind, name: 'a', namespace: 'bookinfo' })}${selectorObject({ kind, name: 'b', namespace: 'shop' })}`,
      },
      {
        name: 'one selector-less and one with selector',
        yaml: `${selectorObject({ kind, name: 'a', namespace: 'bookinfo' })}${selectorObject({ kind, name: 'b', namespace: 'bookinfo', labels: { app: 'reviews' } })}`,
      },
    ])('accepts $name', ({ yaml }) => {
      expect(findingsOf(`${mesh}${yaml}`, { codes: ['KIA0002'] })).toEqual([]);
    });
  });

  it('leaves RequestAuthentications alone: Istio merges them', () => {
    const yaml = `${mesh}${selectorObject({ kind: 'RequestAuthentication', name: 'a', namespace: 'bookinfo' })}${selectorObject({ kind: 'RequestAuthentication', name: 'b', namespace: 'bookinfo' })}`;
    expect(findingsOf(yaml, { codes: ['KIA0002'] })).toEqual([]);
  });

  it('leaves AuthorizationPolicies alone: they combine', () => {
    const yaml = `${mesh}${selectorObject({ kind: 'AuthorizationPolicy', name: 'a', namespace: 'bookinfo' })}${selectorObject({ kind: 'AuthorizationPolicy', name: 'b', namespace: 'bookinfo' })}`;
    expect(findingsOf(yaml, { codes: ['KIA0002'] })).toEqual([]);
  });

  it('only looks at Sidecars of namespaces with workloads, as Kiali does', () => {
    const yaml = `${mesh}${selectorObject({ kind: 'Sidecar', name: 'a', namespace: 'empty' })}${selectorObject({ kind: 'Sidecar', name: 'b', namespace: 'empty' })}`;
    expect(findingsOf(yaml, { codes: ['KIA0002'] })).toEqual([]);
  });
});
