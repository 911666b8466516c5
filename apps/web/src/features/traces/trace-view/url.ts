/**
 * The trace page's URL state: the selected span (`span`, its unique id in the view), so that a
 * reload or a shared link opens the same span's details.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const SPAN_PARAM = 'span';

export function useSelectedSpan(): [string | undefined, (spanID: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const selected = params.get(SPAN_PARAM) ?? undefined;
  const select = useCallback(
    (spanID: string | undefined) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (spanID === undefined) next.delete(SPAN_PARAM);
          else next.set(SPAN_PARAM, spanID);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [selected === '' ? undefined : selected, select];
}

/** The graph page showing the namespaces a trace went through, with the trace's path highlighted. */
export function showOnGraphHref(traceId: string, namespaces: readonly string[]): string {
  const params = new URLSearchParams({ namespaces: namespaces.join(','), trace: traceId });
  return `/graph/namespaces?${params.toString()}`;
}
