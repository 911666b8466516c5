import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './line-diff.ts';

const labels = { from: 'a', to: 'b' };
const lines = (...items: string[]): string => `${items.join('\n')}\n`;
const numbered = (n: number, change?: { at: number; text: string }): string =>
  lines(
    ...Array.from({ length: n }, (_, i) => (change && i + 1 === change.at ? change.text : `line ${i + 1}`)),
  );

describe('unifiedDiff', () => {
  it.each([
    { name: 'equal texts', before: lines('a', 'b'), after: lines('a', 'b'), expected: '' },
    {
      name: 'a changed line, removal first',
      before: lines('a', 'b', 'c'),
      after: lines('a', 'B', 'c'),
      expected: lines('--- a', '+++ b', '@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c'),
    },
    {
      name: 'from nothing',
      before: '',
      after: lines('x', 'y'),
      expected: lines('--- a', '+++ b', '@@ -0,0 +1,2 @@', '+x', '+y'),
    },
    {
      name: 'to nothing',
      before: lines('x'),
      after: '',
      expected: lines('--- a', '+++ b', '@@ -1 +0,0 @@', '-x'),
    },
    {
      name: 'an insertion keeps the lines around it',
      before: lines('a', 'c'),
      after: lines('a', 'b', 'c'),
      expected: lines('--- a', '+++ b', '@@ -1,2 +1,3 @@', ' a', '+b', ' c'),
    },
  ])('$name', ({ before, after, expected }) => {
    expect(unifiedDiff(before, after, labels)).toBe(expected);
  });

  it('shows three lines of context, in separate hunks when changes are far apart', () => {
    const before = numbered(20);
    const after = numbered(20, { at: 2, text: 'two' }).replace('line 18\n', 'eighteen\n');
    expect(unifiedDiff(before, after, labels)).toBe(
      lines(
        '--- a',
        '+++ b',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,6 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        '+eighteen',
        ' line 19',
        ' line 20',
      ),
    );
  });

  it('joins changes closer than twice the context into one hunk', () => {
    const after = numbered(12, { at: 3, text: 'three' }).replace('line 9\n', 'nine\n');
    expect(unifiedDiff(numbered(12), after, labels).match(/^@@/gm)).toHaveLength(1);
  });
});
