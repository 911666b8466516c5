/**
 * The Find and Hide expressions in the URL, under Kiali's parameter names (`graphFind`,
 * `graphHide`), so that a reload or a shared link highlights and hides the same elements.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const FIND_PARAM = 'graphFind';
export const HIDE_PARAM = 'graphHide';

export interface FindHideUrlState {
  readonly find: string;
  readonly hide: string;
  readonly setFind: (value: string) => void;
  readonly setHide: (value: string) => void;
}

export function useFindHideParams(): FindHideUrlState {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (name: string, value: string) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value.trim() === '') next.delete(name);
          else next.set(name, value.trim());
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const setFind = useCallback(
    (value: string) => {
      set(FIND_PARAM, value);
    },
    [set],
  );
  const setHide = useCallback(
    (value: string) => {
      set(HIDE_PARAM, value);
    },
    [set],
  );
  return { find: params.get(FIND_PARAM) ?? '', hide: params.get(HIDE_PARAM) ?? '', setFind, setHide };
}
