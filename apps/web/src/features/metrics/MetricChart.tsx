/** One metrics chart (recharts), with its series' latest values listed as text under it. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartData } from './series.ts';
import { compactNumber, formatValue } from './series.ts';

/** Series colours from the theme's variables, so both themes keep their contrast; red is for errors only. */
const PALETTE = [
  'var(--accent)',
  'var(--healthy)',
  'var(--degraded)',
  'var(--fg-muted)',
  'var(--idle)',
  'var(--fg)',
];

const time = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const timeWithSeconds = (t: number) => new Date(t * 1000).toLocaleTimeString();

export function MetricChart(props: {
  readonly title: string;
  readonly unit: string;
  readonly data: ChartData;
}) {
  const { title, unit, data } = props;
  const empty = data.series.length === 0;
  const span = (data.rows.at(-1)?.t ?? 0) - (data.rows[0]?.t ?? 0);
  // Over a few minutes every tick would read the same minute: show seconds then.
  const tick = span <= 600 ? timeWithSeconds : time;
  return (
    <figure className="chart-card" aria-label={title}>
      <h3>
        {title} <span className="muted">({unit})</span>
      </h3>
      {empty ? (
        <p className="muted">No data in the time range.</p>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={[...data.rows]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={24} stroke="var(--fg-muted)" fontSize={11} />
            <YAxis stroke="var(--fg-muted)" fontSize={11} width={44} tickFormatter={compactNumber} />
            <Tooltip
              labelFormatter={(t) => timeWithSeconds(Number(t))}
              formatter={(v) => (typeof v === 'number' ? formatValue(v, unit) : String(v))}
              contentStyle={{ background: 'var(--bg)', borderColor: 'var(--border)' }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {data.series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.name}
                type="monotone"
                dot={false}
                isAnimationActive={false}
                connectNulls
                stroke={
                  s.name.startsWith('errors')
                    ? 'var(--failure)'
                    : (PALETTE[i % PALETTE.length] ?? 'var(--accent)')
                }
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      {empty ? null : (
        <figcaption>
          <ul className="chips" aria-label={`${title} latest values`}>
            {data.series.map((s) => (
              <li key={s.key} className="chip">
                {s.name}: {s.latest === undefined ? 'n/a' : formatValue(s.latest, unit)}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}
