/**
 * The metrics tabs' settings in the URL, with Kiali's parameter names: `reporter` (whose proxy
 * reported the series; Kiali's default is the destination's for inbound and the source's for
 * outbound) and `bylbl` (the labels series are split by, comma-separated).
 */
import type { MetricsDirection, MetricsReporter } from '@meshlens/mesh-core/metrics';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const REPORTERS: readonly MetricsReporter[] = ['source', 'destination', 'both'];

export interface ShowByLabel {
  readonly label: string;
  readonly text: string;
}

/** Kiali's "Show by" choices; "local" and "remote" swap sides with the direction. */
export function showByLabels(direction: MetricsDirection): readonly ShowByLabel[] {
  const [local, remote] = direction === 'inbound' ? ['destination', 'source'] : ['source', 'destination'];
  return [
    { label: `${local}_canonical_revision`, text: 'Local version' },
    {
      label: direction === 'inbound' ? 'source_workload_namespace' : 'destination_service_namespace',
      text: 'Remote namespace',
    },
    { label: `${remote}_canonical_service`, text: 'Remote app' },
    { label: `${remote}_workload`, text: 'Remote workload' },
    { label: `${remote}_canonical_revision`, text: 'Remote version' },
    ...(direction === 'outbound' ? [{ label: 'destination_service_name', text: 'Remote service' }] : []),
    { label: 'response_code', text: 'Response code' },
    { label: 'grpc_response_status', text: 'gRPC status' },
    { label: 'response_flags', text: 'Response flags' },
    { label: 'request_protocol', text: 'Request protocol' },
  ];
}

export interface MetricsSettings {
  readonly reporter: MetricsReporter;
  readonly byLabels: readonly string[];
}

export function readMetricsSettings(params: URLSearchParams, direction: MetricsDirection): MetricsSettings {
  const r = params.get('reporter');
  const allowed = new Set(showByLabels(direction).map((l) => l.label));
  return {
    reporter: REPORTERS.find((x) => x === r) ?? (direction === 'inbound' ? 'destination' : 'source'),
    byLabels: (params.get('bylbl') ?? '').split(',').filter((l) => allowed.has(l)),
  };
}

export function useMetricsSettings(direction: MetricsDirection) {
  const [params, setParams] = useSearchParams();
  const settings = useMemo(() => readMetricsSettings(params, direction), [params, direction]);
  const set = useCallback(
    (name: 'reporter' | 'bylbl', value: string) => {
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
    ...settings,
    setReporter: (r: MetricsReporter) => {
      set('reporter', r);
    },
    setByLabels: (labels: readonly string[]) => {
      set('bylbl', labels.join(','));
    },
  };
}
