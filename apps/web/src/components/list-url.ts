/**
 * The URL state of the console's lists (Kiali's parameter names where it has them): `sort` and
 * `direction` for the sorted column, and each filter as its own parameter. Changes replace the
 * history entry, so that typing in a filter does not fill the back button.
 */
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SortDirection, SortState } from './SortableTable.tsx';

export function readSort(params: URLSearchParams, fallback: SortState): SortState {
  const key = params.get('sort');
  const dir = params.get('direction');
  const direction: SortDirection = dir === 'desc' ? 'desc' : dir === 'asc' ? 'asc' : fallback.direction;
  return key === null || key === '' ? fallback : { key, direction };
}

/** A comma-separated parameter as a list (empty when absent). */
export function readList(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface ListParams {
  readonly params: URLSearchParams;
  /** Sets (or, for undefined and '', removes) parameters, keeping every other one. */
  readonly update: (changes: Readonly<Record<string, string | undefined>>) => void;
  readonly sort: SortState;
  readonly setSort: (sort: SortState) => void;
}

export function useListParams(fallbackSort: SortState): ListParams {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Readonly<Record<string, string | undefined>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const sort = useMemo(() => readSort(params, fallbackSort), [params, fallbackSort]);
  const setSort = useCallback(
    (s: SortState) => {
      update({ sort: s.key, direction: s.direction });
    },
    [update],
  );
  return { params, update, sort, setSort };
}

/**
 * A text filter of a list: held in the component and written through to the URL parameter
 * `name`. The URL alone cannot hold what is typed: its updates land a render later (the router
 * navigates asynchronously), so an input bound to it drops keys typed in between. Read from the
 * URL once, when the list opens.
 */
export function useTextFilter(list: ListParams, name: string): readonly [string, (text: string) => void] {
  const { params, update } = list;
  const [text, setText] = useState(() => params.get(name) ?? '');
  const set = useCallback(
    (next: string) => {
      setText(next);
      update({ [name]: next });
    },
    [update, name],
  );
  return [text, set] as const;
}
