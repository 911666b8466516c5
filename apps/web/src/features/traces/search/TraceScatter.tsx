/**
 * Jaeger UI's scatter plot of a search: each trace a dot at its start time and duration, red when
 * it has an error span, larger with more spans; a click opens the trace. The same traces are in
 * the list below the plot for keyboard and screen-reader users.
 */
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { formatDurationUs } from '@meshlens/mesh-core/traces';
import type { TraceSummary } from './trace-summary.ts';
import { tracePath } from './trace-summary.ts';

interface Point {
  readonly startMs: number;
  readonly durationMs: number;
  readonly spans: number;
  readonly summary: TraceSummary;
}

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function PointTooltip(props: {
  readonly active?: boolean;
  readonly payload?: readonly { payload?: unknown }[];
}) {
  const point = props.payload?.[0]?.payload as Point | undefined;
  if (props.active !== true || point === undefined) return null;
  const s = point.summary;
  return (
    <div className="trace-scatter-tip">
      <strong>{s.name}</strong>
      <div>
        {formatDurationUs(s.durationUs)} · {s.spanCount} spans
        {s.errorCount > 0 ? ` · ${s.errorCount} errors` : ''}
      </div>
      <div className="muted">{new Date(s.startUs / 1000).toLocaleString()}</div>
    </div>
  );
}

/** A dot: red for a trace with an error span; its size (area by span count) comes from the Z axis. */
function Dot(props: {
  readonly cx?: number;
  readonly cy?: number;
  readonly width?: number;
  readonly payload?: unknown;
}) {
  const point = props.payload as Point | undefined;
  const color = point !== undefined && point.summary.errorCount > 0 ? 'var(--failure)' : 'var(--accent)';
  return (
    <circle
      cx={props.cx}
      cy={props.cy}
      r={(props.width ?? 8) / 2}
      fill={color}
      fillOpacity={0.6}
      stroke={color}
      data-error={point !== undefined && point.summary.errorCount > 0 ? 'true' : undefined}
    />
  );
}

export function TraceScatter(props: { readonly traces: readonly TraceSummary[]; readonly height?: number }) {
  const navigate = useNavigate();
  const points = useMemo<Point[]>(
    () =>
      props.traces.map((t) => ({
        startMs: t.startUs / 1000,
        durationMs: t.durationUs / 1000,
        spans: t.spanCount,
        summary: t,
      })),
    [props.traces],
  );
  return (
    <figure className="trace-scatter" aria-label="Trace durations over time">
      <ResponsiveContainer width="100%" height={props.height ?? 200}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="startMs"
            name="Time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={clock}
            tick={{ fontSize: 10, fill: 'var(--fg-muted)' }}
            minTickGap={24}
          />
          <YAxis
            type="number"
            dataKey="durationMs"
            name="Duration"
            unit="ms"
            width={64}
            tick={{ fontSize: 10, fill: 'var(--fg-muted)' }}
          />
          <ZAxis type="number" dataKey="spans" range={[24, 220]} name="Spans" />
          <Tooltip content={<PointTooltip />} cursor={{ strokeDasharray: '3 3' }} isAnimationActive={false} />
          <Scatter
            data={points}
            isAnimationActive={false}
            cursor="pointer"
            shape={Dot}
            onClick={(_data, index) => {
              const point = points[index];
              if (point !== undefined) void navigate(tracePath(point.summary.traceID));
            }}
          ></Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
