// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, useLocation } from 'react-router';
import { bookinfoGraph } from './bookinfo-graph.test-support.ts';
import { FindHideBar } from './FindHideBar.tsx';

afterEach(cleanup);

function Search() {
  return <div aria-label="url">{useLocation().search}</div>;
}

function setup(search = '') {
  const onMatch = vi.fn<(find: ReadonlySet<string>, hide: ReadonlySet<string>) => void>();
  render(
    <MemoryRouter initialEntries={[`/graph/namespaces${search}`]}>
      <FindHideBar graph={bookinfoGraph()} onMatch={onMatch} />
      <Search />
    </MemoryRouter>,
  );
  const last = () => {
    const call = onMatch.mock.calls.at(-1);
    return { find: [...(call?.[0] ?? [])].sort(), hide: [...(call?.[1] ?? [])].sort() };
  };
  return { onMatch, last };
}

function type(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('FindHideBar', () => {
  it('applies a Find expression on Enter, keeps it in the URL and reports the matches', () => {
    const { last } = setup();
    type('Find', '%httperr > 0');
    expect(last().find).toEqual(['e-reviews-v2-ratings']);
    expect(screen.getByLabelText('url').textContent).toContain('graphFind=%25httperr+%3E+0');
    expect(screen.getByRole('status').textContent).toBe('1 found');
  });

  it('reads both expressions from the URL, and Hide wins over Find', () => {
    const { last } = setup(
      '?graphFind=name%20%3D%20reviews&graphHide=version%20%3D%20v1%20and%20app%20%3D%20reviews',
    );
    expect(screen.getByLabelText('Find')).toHaveProperty('value', 'name = reviews');
    expect(last().find).toEqual(['reviews-v2', 'reviews-v3']);
    expect(last().hide).toEqual(['e-productpage-reviews-v1', 'reviews-v1']);
  });

  it('shows an invalid expression’s error until the user edits it', () => {
    setup();
    type('Hide', 'app = x and bogus');
    expect(screen.getByRole('alert').textContent).toBe('Hide: Invalid operand [bogus] (column 13)');
    expect(screen.getByLabelText('Hide').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Hide'), { target: { value: 'app = x and bog' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('clears an expression with its clear button', () => {
    const { last } = setup('?graphFind=healthy');
    fireEvent.click(screen.getByRole('button', { name: 'Clear Find' }));
    expect(screen.getByLabelText('Find')).toHaveProperty('value', '');
    expect(screen.getByLabelText('url').textContent).toBe('');
    expect(last().find).toEqual([]);
  });

  it('opens the help with Kiali’s tabs of operands, operators and examples', () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Find/Hide help' }));
    const help = screen.getByRole('dialog', { name: 'Graph Find/Hide help' });
    expect(within(help).getByRole('table', { name: 'Find/Hide Examples' }).textContent).toContain(
      'name = reviews',
    );
    fireEvent.click(within(help).getByRole('tab', { name: 'Edges' }));
    expect(within(help).getByRole('table', { name: 'Find/Hide Edges' }).textContent).toContain(
      '%httperr <op> <number>',
    );
    fireEvent.click(within(help).getByRole('tab', { name: 'Operators' }));
    expect(within(help).getByRole('table', { name: 'Find/Hide Operators' }).textContent).toContain(
      'startswith | ^=',
    );
    fireEvent.click(within(help).getByRole('button', { name: 'Close help' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
