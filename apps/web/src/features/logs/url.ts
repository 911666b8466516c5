/**
 * The Logs tab's view state, mirrored in the URL (`log*` parameters, so that they do not meet the
 * detail page's own) to survive a reload or a shared link: the pod, which kinds of lines are shown,
 * the tail limit, the filter and highlight with their regex toggles, and follow mode.
 */
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';

/** The tail limits offered (Kiali's log lines choices); `undefined` is every line. */
export const TAIL_CHOICES = [100, 500, 1000, 5000, undefined] as const;
export type TailChoice = (typeof TAIL_CHOICES)[number];
export const DEFAULT_TAIL = 1000;

export interface LogsView {
  readonly pod: string | undefined;
  readonly showApp: boolean;
  readonly showProxy: boolean;
  readonly tail: TailChoice;
  readonly filter: string;
  readonly filterRegex: boolean;
  readonly highlight: string;
  readonly highlightRegex: boolean;
  readonly follow: boolean;
}

const PARAMS: Readonly<Record<keyof LogsView, string>> = {
  pod: 'logPod',
  showApp: 'logApp',
  showProxy: 'logProxy',
  tail: 'logTail',
  filter: 'logFilter',
  filterRegex: 'logFilterRegex',
  highlight: 'logHighlight',
  highlightRegex: 'logHighlightRegex',
  follow: 'logFollow',
};

function readTail(value: string | null): TailChoice {
  if (value === 'all') return undefined;
  const n = Number(value);
  return TAIL_CHOICES.find((c) => c === n) ?? DEFAULT_TAIL;
}

export function readLogsView(params: URLSearchParams): LogsView {
  const pod = params.get(PARAMS.pod);
  return {
    pod: pod === null || pod === '' ? undefined : pod,
    showApp: params.get(PARAMS.showApp) !== 'false',
    showProxy: params.get(PARAMS.showProxy) !== 'false',
    tail: readTail(params.get(PARAMS.tail)),
    filter: params.get(PARAMS.filter) ?? '',
    filterRegex: params.get(PARAMS.filterRegex) === 'true',
    highlight: params.get(PARAMS.highlight) ?? '',
    highlightRegex: params.get(PARAMS.highlightRegex) === 'true',
    follow: params.get(PARAMS.follow) === 'true',
  };
}

/** The parameter's text for a value; `undefined` removes it (its default). */
function written<K extends keyof LogsView>(key: K, value: LogsView[K]): string | undefined {
  switch (key) {
    case 'tail':
      return value === undefined ? 'all' : value === DEFAULT_TAIL ? undefined : String(value);
    case 'showApp':
    case 'showProxy':
      return value === false ? 'false' : undefined;
    case 'filterRegex':
    case 'highlightRegex':
    case 'follow':
      return value === true ? 'true' : undefined;
    case 'pod':
    case 'filter':
    case 'highlight':
      return typeof value === 'string' && value !== '' ? value : undefined;
  }
}

/**
 * The view, held in the component and written through to the URL. The URL alone cannot hold
 * what is typed: its updates land a render later (the router navigates asynchronously), so an
 * input bound to it would drop keystrokes typed in between. It is read once, when the tab opens.
 */
export function useLogsView(): LogsView & {
  readonly set: <K extends keyof LogsView>(key: K, value: LogsView[K]) => void;
} {
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState(() => readLogsView(params));
  const set = useCallback(
    <K extends keyof LogsView>(key: K, value: LogsView[K]) => {
      setView((v) => ({ ...v, [key]: value }));
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const text = written(key, value);
          if (text === undefined) next.delete(PARAMS[key]);
          else next.set(PARAMS[key], text);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { ...view, set };
}
