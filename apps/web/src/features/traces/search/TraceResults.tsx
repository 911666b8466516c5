/**
 * A search's results as Jaeger UI lists them: a count, the sort, and one row per trace (name
 * linking to the trace, spans, errors, services with their span counts, duration, start time),
 * under the scatter plot. Shared by the search page and the Traces tab of detail pages.
 */
import { Link } from 'react-router';
import { formatDurationUs } from '@meshlens/mesh-core/traces';
import type { TraceSort } from './search-url.ts';
import { TRACE_SORTS } from './search-url.ts';
import type { TraceSummary } from './trace-summary.ts';
import { sortTraces, tracePath } from './trace-summary.ts';
import { TraceScatter } from './TraceScatter.tsx';

const when = (us: number) => new Date(us / 1000).toLocaleString();

export function TraceResults(props: {
  readonly traces: readonly TraceSummary[];
  readonly sort: TraceSort;
  readonly onSort: (sort: TraceSort) => void;
}) {
  const rows = sortTraces(props.traces, props.sort);
  return (
    <section aria-label="Search results" className="trace-results">
      <TraceScatter traces={props.traces} />
      <div className="trace-results-head">
        <h2>
          {rows.length} {rows.length === 1 ? 'Trace' : 'Traces'}
        </h2>
        <label>
          Sort{' '}
          <select
            value={props.sort}
            onChange={(e) => {
              props.onSort(TRACE_SORTS.find((s) => s.value === e.target.value)?.value ?? 'MOST_RECENT');
            }}
          >
            {TRACE_SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="data-table trace-table" aria-label="Traces">
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col">Spans</th>
            <th scope="col">Errors</th>
            <th scope="col">Services</th>
            <th scope="col">Duration</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.traceID} className={t.errorCount > 0 ? 'trace-row-error' : undefined}>
              <td>
                <Link to={tracePath(t.traceID)}>{t.name}</Link>{' '}
                <span className="muted trace-id">{t.traceID.slice(0, 7)}</span>
              </td>
              <td className="num">{t.spanCount}</td>
              <td className="num">
                {t.errorCount > 0 ? <span className="trace-errors">{t.errorCount}</span> : 0}
              </td>
              <td>
                <ul className="trace-services" aria-label="Services">
                  {t.services.map((s) => (
                    <li key={s.name} className="chip">
                      {s.name} ({s.spanCount})
                    </li>
                  ))}
                </ul>
              </td>
              <td className="num">{formatDurationUs(t.durationUs)}</td>
              <td>{when(t.startUs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
