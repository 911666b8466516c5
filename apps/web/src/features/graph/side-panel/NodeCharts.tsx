/**
 * A node's request-rate and response-time charts, inbound and outbound (Kiali's node summary
 * sparklines), from the metrics API. Each chart is a labelled figure.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { useQueries } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useSharedState } from '../../../app/url.ts';
import { ErrorState } from '../../../components/QueryStates.tsx';
import type { ChartRow } from './chart-data.ts';
import { chartRows, hasSeries } from './chart-data.ts';
import type { NodeMetricsQuery } from './queries.ts';
import { nodeMetricsQueries, nodeMetricsQueryOptions } from './queries.ts';

const WIDTH = 330;
const HEIGHT = 130;

const time = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function Chart(props: {
  readonly label: string;
  readonly rows: readonly ChartRow[];
  readonly unit: string;
  readonly lines: readonly { key: keyof ChartRow; name: string; color: string }[];
}) {
  return (
    <figure className="side-chart" aria-label={props.label}>
      <figcaption>{props.label}</figcaption>
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={[...props.rows]}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="t"
          tickFormatter={time}
          tick={{ fontSize: 10, fill: 'var(--fg-muted)' }}
          minTickGap={24}
        />
        <YAxis width={52} tick={{ fontSize: 10, fill: 'var(--fg-muted)' }} unit={props.unit} />
        <Tooltip
          labelFormatter={(t) => time(Number(t))}
          formatter={(v) => `${Number(v).toFixed(2)}${props.unit}`}
          contentStyle={{ background: 'var(--bg)', borderColor: 'var(--border)', color: 'var(--fg)' }}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {props.lines.map((l) => (
          <Line
            key={l.key}
            type="monotone"
            dataKey={l.key}
            name={l.name}
            stroke={l.color}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}

function DirectionCharts(props: { readonly query: NodeMetricsQuery; readonly rows: readonly ChartRow[] }) {
  const dir = props.query.direction === 'inbound' ? 'Inbound' : 'Outbound';
  if (!hasSeries(props.rows, ['requests', 'errors', 'p95', 'p99', 'avg'])) {
    return <p className="muted">No {dir.toLowerCase()} request metrics in this period.</p>;
  }
  return (
    <>
      <Chart
        label={`${dir} request rate`}
        rows={props.rows}
        unit=""
        lines={[
          { key: 'requests', name: 'Requests/s', color: 'var(--accent)' },
          { key: 'errors', name: 'Errors/s', color: 'var(--failure)' },
        ]}
      />
      <Chart
        label={`${dir} response time`}
        rows={props.rows}
        unit="ms"
        lines={[
          { key: 'avg', name: 'Average', color: 'var(--healthy)' },
          { key: 'p95', name: 'p95', color: 'var(--accent)' },
          { key: 'p99', name: 'p99', color: 'var(--degraded)' },
        ]}
      />
    </>
  );
}

export function NodeCharts(props: { readonly node: GraphNodeData; readonly durationSec: number }) {
  const { refreshMs } = useSharedState();
  const queries = nodeMetricsQueries(props.node, props.durationSec);
  const results = useQueries({ queries: queries.map((q) => nodeMetricsQueryOptions(q, { refreshMs })) });
  if (queries.length === 0) return null;
  return (
    <section aria-labelledby="side-panel-charts" className="side-section">
      <h3 id="side-panel-charts">Request metrics</h3>
      {queries.map((q, i) => {
        const r = results[i];
        if (r === undefined) return null;
        if (r.isPending) {
          return (
            <p key={q.direction} className="muted" role="status">
              Loading {q.direction} metrics…
            </p>
          );
        }
        if (r.isError)
          return <ErrorState key={q.direction} error={r.error} what={`${q.direction} metrics`} />;
        return <DirectionCharts key={q.direction} query={q} rows={chartRows(r.data)} />;
      })}
    </section>
  );
}
