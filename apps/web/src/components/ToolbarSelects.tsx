/** The duration and refresh choices every page shares (their values live in the URL). */
import { DURATIONS, REFRESH_INTERVALS, useSharedState } from '../app/url.ts';

export function DurationSelect() {
  const { durationSec, setDuration } = useSharedState();
  return (
    <label className="toolbar-field">
      <span>Duration</span>
      <select
        value={durationSec}
        onChange={(e) => {
          setDuration(Number(e.target.value));
        }}
      >
        {DURATIONS.map((d) => (
          <option key={d.seconds} value={d.seconds}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RefreshSelect() {
  const { refreshMs, setRefresh } = useSharedState();
  return (
    <label className="toolbar-field">
      <span>Refresh</span>
      <select
        value={refreshMs}
        onChange={(e) => {
          setRefresh(Number(e.target.value));
        }}
      >
        {REFRESH_INTERVALS.map((r) => (
          <option key={r.ms} value={r.ms}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}
