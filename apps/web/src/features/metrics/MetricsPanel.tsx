/**
 * Kiali's Inbound / Outbound Metrics tab of an app, workload or service: request volume,
 * duration (avg, p50, p95, p99), request and response size, throughput and TCP bytes, split by
 * the "Show by" labels and read from the chosen reporter; the settings live in the URL.
 */
import type { MetricName, MetricsDirection } from '@meshlens/mesh-core/metrics';
import { useQuery } from '@tanstack/react-query';
import { useSharedState } from '../../app/url.ts';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import { MetricChart } from './MetricChart.tsx';
import type { MetricsObjectKind } from './queries.ts';
import { metricsQuery } from './queries.ts';
import { chartData } from './series.ts';
import { REPORTERS, showByLabels, useMetricsSettings } from './url.ts';

interface ChartSpec {
  readonly title: string;
  readonly unit: string;
  readonly metric: MetricName;
  /** A second metric drawn on the same chart, its series named with the prefix. */
  readonly extra?: { readonly metric: MetricName; readonly prefix: string };
}

const CHARTS: readonly ChartSpec[] = [
  {
    title: 'Request volume',
    unit: 'rps',
    metric: 'request_count',
    extra: { metric: 'request_error_count', prefix: 'errors' },
  },
  { title: 'Request duration', unit: 'ms', metric: 'request_duration_millis' },
  { title: 'Request size', unit: 'B', metric: 'request_size' },
  { title: 'Response size', unit: 'B', metric: 'response_size' },
  { title: 'Request throughput', unit: 'B/s', metric: 'request_throughput' },
  { title: 'Response throughput', unit: 'B/s', metric: 'response_throughput' },
  { title: 'TCP received', unit: 'B/s', metric: 'tcp_received' },
  { title: 'TCP sent', unit: 'B/s', metric: 'tcp_sent' },
];

const METRICS: readonly MetricName[] = CHARTS.flatMap((c) =>
  c.extra === undefined ? [c.metric] : [c.metric, c.extra.metric],
);

export interface MetricsPanelProps {
  readonly kind: MetricsObjectKind;
  readonly namespace: string;
  readonly name: string;
  readonly direction: MetricsDirection;
}

export function MetricsPanel(props: MetricsPanelProps) {
  const { durationSec, refreshMs } = useSharedState();
  const { reporter, byLabels, setReporter, setByLabels } = useMetricsSettings(props.direction);
  const query = useQuery({
    ...metricsQuery({ ...props, reporter, byLabels, metrics: METRICS, durationSec }),
    refetchInterval: refreshMs || false,
    placeholderData: (prev) => prev,
  });
  const choices = showByLabels(props.direction);
  return (
    <section aria-label={props.direction === 'inbound' ? 'Inbound metrics' : 'Outbound metrics'}>
      <div className="list-toolbar">
        <label>
          <span>Reported from</span>
          <select
            value={reporter}
            onChange={(e) => {
              const r = REPORTERS.find((x) => x === e.target.value);
              if (r !== undefined) setReporter(r);
            }}
          >
            {REPORTERS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="show-by">
          <legend>Show by</legend>
          {choices.map((c) => (
            <label key={c.label} title={c.label}>
              <input
                type="checkbox"
                checked={byLabels.includes(c.label)}
                onChange={(e) => {
                  setByLabels(
                    e.target.checked ? [...byLabels, c.label] : byLabels.filter((l) => l !== c.label),
                  );
                }}
              />
              <span>{c.text}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {query.isPending ? (
        <LoadingState what="metrics" />
      ) : query.isError ? (
        <ErrorState error={query.error} what="metrics" />
      ) : (
        <div className="grid-2">
          {CHARTS.map((c) => (
            <MetricChart
              key={c.title}
              title={c.title}
              unit={c.unit}
              data={chartData(
                [
                  { metrics: query.data[c.metric] ?? [] },
                  ...(c.extra === undefined
                    ? []
                    : [{ metrics: query.data[c.extra.metric] ?? [], prefix: c.extra.prefix }]),
                ],
                byLabels,
              )}
            />
          ))}
        </div>
      )}
    </section>
  );
}
