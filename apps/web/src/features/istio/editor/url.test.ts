import { describe, expect, it } from 'vitest';
import { istioNewPagePath, istioObjectPagePath, readEditorUrlState, writeEditorUrlState } from './url.ts';

describe('editor URL state', () => {
  it.each([
    ['', { tab: 'yaml', diff: false, revision: undefined }],
    ['tab=history&revision=4', { tab: 'history', diff: false, revision: '4' }],
    ['tab=bogus&diff=true', { tab: 'yaml', diff: true, revision: undefined }],
  ])('reads %s', (search, state) => {
    expect(readEditorUrlState(new URLSearchParams(search))).toEqual(state);
  });

  it('writes only what differs from the defaults and keeps other parameters', () => {
    const start = new URLSearchParams('namespaces=bookinfo&tab=history&diff=true&revision=3');
    expect(writeEditorUrlState(start, { tab: 'yaml', diff: false, revision: undefined }).toString()).toBe(
      'namespaces=bookinfo',
    );
    expect(writeEditorUrlState(new URLSearchParams(), { tab: 'history', revision: '2' }).toString()).toBe(
      'tab=history&revision=2',
    );
  });
});

describe('page paths', () => {
  it('are Kiali’s, with each part encoded', () => {
    const o = { namespace: 'bookinfo', group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' };
    expect(istioObjectPagePath({ ...o, name: 'a b' })).toBe(
      '/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/a%20b',
    );
    expect(istioNewPagePath(o)).toBe('/istio/new/networking.istio.io/v1/VirtualService');
  });
});
