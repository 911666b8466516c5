/**
 * View state every page shares, kept in the URL so that a reload or a shared link shows the
 * same thing: the namespaces, the time range (`duration`, seconds) and the refresh interval
 * (`refresh`, milliseconds; 0 pauses), with Kiali's parameter names and choices. Values that
 * are not among the choices fall back to the defaults rather than reaching the server.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DURATIONS = [
  { seconds: 60, label: 'Last 1m' },
  { seconds: 300, label: 'Last 5m' },
  { seconds: 600, label: 'Last 10m' },
  { seconds: 1800, label: 'Last 30m' },
  { seconds: 3600, label: 'Last 1h' },
  { seconds: 10800, label: 'Last 3h' },
  { seconds: 21600, label: 'Last 6h' },
  { seconds: 43200, label: 'Last 12h' },
  { seconds: 86400, label: 'Last 1d' },
] as const;

export const REFRESH_INTERVALS = [
  { ms: 0, label: 'Pause' },
  { ms: 10_000, label: 'Every 10s' },
  { ms: 15_000, label: 'Every 15s' },
  { ms: 30_000, label: 'Every 30s' },
  { ms: 60_000, label: 'Every 1m' },
] as const;

export const DEFAULT_DURATION_SEC = 60;
export const DEFAULT_REFRESH_MS = 15_000;

/** The parameters every page keeps when the user moves between pages. */
export const SHARED_PARAMS = ['namespaces', 'duration', 'refresh'] as const;

export interface SharedState {
  readonly namespaces: readonly string[];
  readonly durationSec: number;
  readonly refreshMs: number;
}

export function readSharedState(params: URLSearchParams): SharedState {
  const namespaces = (params.get('namespaces') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const duration = Number(params.get('duration'));
  const refresh = Number(params.get('refresh') ?? DEFAULT_REFRESH_MS);
  return {
    namespaces: [...new Set(namespaces)],
    durationSec: DURATIONS.some((d) => d.seconds === duration) ? duration : DEFAULT_DURATION_SEC,
    refreshMs: REFRESH_INTERVALS.some((r) => r.ms === refresh) ? refresh : DEFAULT_REFRESH_MS,
  };
}

/** The query string that carries the shared state to another page (plus extra parameters). */
export function sharedSearch(params: URLSearchParams, extra: Readonly<Record<string, string>> = {}): string {
  const out = new URLSearchParams();
  for (const name of SHARED_PARAMS) {
    const v = params.get(name);
    if (v !== null && v !== '') out.set(name, v);
  }
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  const s = out.toString();
  return s === '' ? '' : `?${s}`;
}

export interface SharedStateSetters {
  readonly setNamespaces: (namespaces: readonly string[]) => void;
  readonly setDuration: (seconds: number) => void;
  readonly setRefresh: (ms: number) => void;
}

export function useSharedState(): SharedState & SharedStateSetters {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSharedState(params), [params]);
  const set = useCallback(
    (name: string, value: string) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value === '') next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return {
    ...state,
    setNamespaces: (namespaces) => {
      set('namespaces', namespaces.join(','));
    },
    setDuration: (seconds) => {
      set('duration', String(seconds));
    },
    setRefresh: (ms) => {
      set('refresh', String(ms));
    },
  };
}
