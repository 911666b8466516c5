/**
 * What the user has selected on the graph, shared with the side panel. It lives in the URL
 * (`selected=node:<id>` or `selected=edge:<id>`) so that a reload or a shared link shows the same
 * element; anything else in the parameter means nothing is selected.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type GraphSelection = { kind: 'node'; id: string } | { kind: 'edge'; id: string } | { kind: 'none' };

export const SELECTED_PARAM = 'selected';

export function parseSelection(value: string | null): GraphSelection {
  if (value === null) return { kind: 'none' };
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if (colon < 0 || id === '') return { kind: 'none' };
  if (kind === 'node' || kind === 'edge') return { kind, id };
  return { kind: 'none' };
}

export function serializeSelection(selection: GraphSelection): string {
  return selection.kind === 'none' ? '' : `${selection.kind}:${selection.id}`;
}

export function useGraphSelection(): readonly [GraphSelection, (selection: GraphSelection) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get(SELECTED_PARAM);
  const selection = useMemo(() => parseSelection(raw), [raw]);
  const select = useCallback(
    (next: GraphSelection) => {
      setParams(
        (prev) => {
          const out = new URLSearchParams(prev);
          const value = serializeSelection(next);
          if (value === '') out.delete(SELECTED_PARAM);
          else out.set(SELECTED_PARAM, value);
          return out;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [selection, select] as const;
}
