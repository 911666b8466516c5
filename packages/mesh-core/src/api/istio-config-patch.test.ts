/** Updates: RFC 7386's own examples, and what an update keeps of the stored object. */
import { describe, expect, it } from 'vitest';
import { mergePatch, resourceVersionOf, updatedObject } from './istio-config-patch.ts';

describe('mergePatch (RFC 7386 appendix A)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });
});

describe('updatedObject', () => {
  const stored = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'reviews',
      namespace: 'bookinfo',
      labels: { app: 'reviews' },
      resourceVersion: '7',
      uid: 'u',
      generation: 2,
    },
    spec: { hosts: ['reviews'], gateways: ['mesh'] },
  };

  it('merges a patch onto the stored object, dropping what the server owns', () => {
    expect(updatedObject(stored, { spec: { gateways: null, http: [] } })).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo', labels: { app: 'reviews' } },
      spec: { hosts: ['reviews'], http: [] },
    });
  });

  it('takes a whole object as the new content: what it leaves out is gone', () => {
    const whole = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', resourceVersion: '7' },
      spec: { hosts: ['r'] },
      status: {},
    };
    expect(updatedObject(stored, whole)).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', resourceVersion: '7' },
      spec: { hosts: ['r'] },
    });
  });

  it('reads the resourceVersion a body names', () => {
    expect(resourceVersionOf({ metadata: { resourceVersion: '12' } })).toBe('12');
    expect(resourceVersionOf({ metadata: { resourceVersion: 12 } })).toBe('12');
    expect(resourceVersionOf({ spec: {} })).toBeUndefined();
  });
});
