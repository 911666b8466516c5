import { describe, expect, it } from 'vitest';
import { parseSelection, serializeSelection } from './selection.ts';

describe('selection in the URL', () => {
  it.each([
    [null, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['node:abc', { kind: 'node', id: 'abc' }],
    ['edge:a:b', { kind: 'edge', id: 'a:b' }],
    ['box:abc', { kind: 'none' }],
    ['node:', { kind: 'none' }],
  ])('parses %j', (value, expected) => {
    expect(parseSelection(value)).toEqual(expected);
  });

  it('serializes what it parses', () => {
    expect(serializeSelection({ kind: 'edge', id: 'x' })).toBe('edge:x');
    expect(serializeSelection({ kind: 'none' })).toBe('');
  });
});
