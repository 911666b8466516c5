/** The detail pages' tab in the URL (`?tab=`, Kiali's names; `info` when absent or unknown). */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const DETAIL_TABS = [
  { id: 'info', label: 'Overview' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'logs', label: 'Logs' },
  { id: 'in_metrics', label: 'Inbound Metrics' },
  { id: 'out_metrics', label: 'Outbound Metrics' },
  { id: 'traces', label: 'Traces' },
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number]['id'];

export function readTab(params: URLSearchParams, allowed: readonly DetailTab[]): DetailTab {
  const t = params.get('tab');
  return allowed.find((a) => a === t) ?? 'info';
}

export function useDetailTab(allowed: readonly DetailTab[]): readonly [DetailTab, (tab: DetailTab) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (tab: DetailTab) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        next.set('tab', tab);
        return next;
      });
    },
    [setParams],
  );
  return [readTab(params, allowed), set] as const;
}
