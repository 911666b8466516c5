/**
 * A span's details, as Jaeger's span detail shows them: operation, service, duration and start
 * offset, its tags, its process's tags, its logs (time from the trace's start and fields), its
 * references (a span of this trace is selected on click; another trace's opens that trace) and
 * its warnings.
 */
import type { JaegerKeyValue } from '@meshlens/mesh-core/api/traces';
import type { TraceModel, TraceSpan } from '@meshlens/mesh-core/traces';
import { formatDurationUs } from '@meshlens/mesh-core/traces';
import { Link } from 'react-router';

function KeyValueTable(props: { readonly label: string; readonly rows: readonly JaegerKeyValue[] }) {
  if (props.rows.length === 0) return <p className="muted">None</p>;
  return (
    <table className="data-table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((t, i) => (
          <tr key={`${t.key}-${i}`}>
            <th scope="row">{t.key}</th>
            <td>{String(t.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface SpanDetailProps {
  readonly span: TraceSpan;
  readonly model: TraceModel;
  readonly onSelectSpan: (spanID: string) => void;
  readonly onClose: () => void;
}

export function SpanDetail({ span, model, onSelectSpan, onClose }: SpanDetailProps) {
  const parent = span.parentSpanID === undefined ? undefined : model.spanById.get(span.parentSpanID);
  const facts: Array<[string, string]> = [
    ['Service', span.serviceName],
    ['Duration', formatDurationUs(span.durationUs)],
    ['Start', `${formatDurationUs(span.relativeStartUs)} after the trace's start`],
    [
      'Span ID',
      span.spanID === span.sentSpanID ? span.spanID : `${span.spanID} (sent as ${span.sentSpanID})`,
    ],
    ['Parent', parent === undefined ? 'none (top level)' : `${parent.serviceName} ${parent.operationName}`],
    [
      'Critical path',
      span.criticalPath.length === 0
        ? 'not on it'
        : formatDurationUs(span.criticalPath.reduce((n, s) => n + s.endUs - s.startUs, 0)),
    ],
  ];
  return (
    <section className="span-detail" aria-label="Span details">
      <div className="span-detail-head">
        <h2>
          {span.operationName}
          {span.isError ? <span className="tone-failure"> (error)</span> : null}
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
      <dl className="trace-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {span.warnings.length === 0 ? null : (
        <section className="trace-warnings" aria-label="Span warnings">
          <strong>Warnings</strong>
          <ul>
            {span.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      <h3>Tags</h3>
      <KeyValueTable label="Tags" rows={span.tags} />
      <h3>Process: {span.process.serviceName}</h3>
      <KeyValueTable label="Process tags" rows={span.process.tags} />
      <h3>Logs ({span.logs.length})</h3>
      {span.logs.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        span.logs.map((log, i) => (
          <section key={i} aria-label={`Log at ${formatDurationUs(log.timestamp - model.startUs)}`}>
            <p className="muted">{formatDurationUs(log.timestamp - model.startUs)} after the trace's start</p>
            <KeyValueTable
              label={`Log fields at ${formatDurationUs(log.timestamp - model.startUs)}`}
              rows={log.fields}
            />
          </section>
        ))
      )}
      <h3>References</h3>
      {span.references.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <ul className="plain-list" aria-label="References">
          {span.references.map((ref, i) => {
            const inTrace =
              ref.traceID.toLowerCase() === model.traceID ? model.spanById.get(ref.spanID) : undefined;
            return (
              <li key={i}>
                {ref.refType}{' '}
                {inTrace !== undefined ? (
                  <button
                    type="button"
                    className="trace-link-button"
                    onClick={() => {
                      onSelectSpan(inTrace.spanID);
                    }}
                  >
                    {inTrace.serviceName} {inTrace.operationName} ({ref.spanID})
                  </button>
                ) : ref.traceID.toLowerCase() !== model.traceID ? (
                  <>
                    span {ref.spanID} of trace{' '}
                    <Link to={`/tracing/traces/${encodeURIComponent(ref.traceID)}`}>{ref.traceID}</Link>
                  </>
                ) : (
                  <>span {ref.spanID} (not in this trace)</>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
