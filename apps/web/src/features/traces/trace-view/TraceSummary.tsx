/**
 * The trace page's header, Jaeger's: the trace's name and id, start, duration, services, depth
 * (levels, Jaeger's figure) and total spans; each service with its span count and colour; the
 * trace's warnings; and "Show on graph" for the namespaces its spans went through.
 */
import type { TraceModel } from '@meshlens/mesh-core/traces';
import { formatDurationUs, traceNamespaces } from '@meshlens/mesh-core/traces';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { formatTimestampUs } from './format.ts';
import { showOnGraphHref } from './url.ts';

export interface TraceSummaryProps {
  readonly model: TraceModel;
  readonly colors: ReadonlyMap<string, string>;
  /** Warnings from outside the trace (Jaeger's errors for the query). */
  readonly extraWarnings?: readonly string[];
}

export function TraceSummary({ model, colors, extraWarnings = [] }: TraceSummaryProps) {
  const namespaces = useMemo(() => traceNamespaces(model), [model]);
  const spansWarned = useMemo(() => model.spans.filter((s) => s.warnings.length > 0).length, [model]);
  const warnings = [
    ...model.warnings,
    ...extraWarnings,
    ...(spansWarned === 0
      ? []
      : [`${spansWarned} span${spansWarned === 1 ? ' has' : 's have'} warnings: see their details`]),
  ];
  const facts: Array<[string, string]> = [
    ['Trace start', model.spans.length === 0 ? '—' : formatTimestampUs(model.startUs)],
    ['Duration', formatDurationUs(model.durationUs)],
    ['Services', String(model.services.length)],
    ['Depth', String(model.spans.length === 0 ? 0 : model.maxDepth + 1)],
    ['Total spans', String(model.spans.length)],
    ['Errors', String(model.errorSpanCount)],
  ];
  return (
    <section className="trace-summary" aria-label="Trace summary">
      <h1>{model.name === '' ? 'Trace without spans' : model.name}</h1>
      <p className="muted">
        Trace ID <code>{model.traceID}</code>
      </p>
      <dl className="trace-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={label === 'Errors' && model.errorSpanCount > 0 ? 'tone-failure' : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <ul className="trace-services" aria-label="Services">
        {model.services.map((s) => (
          <li key={s.name}>
            <span className="trace-swatch" style={{ background: colors.get(s.name) }} aria-hidden="true" />
            {s.name} <span className="muted">({s.spanCount})</span>
          </li>
        ))}
      </ul>
      {namespaces.length === 0 ? (
        <p className="muted">No span carries an Istio namespace: nothing to show on the graph.</p>
      ) : (
        <p>
          <Link to={showOnGraphHref(model.traceID, namespaces)}>Show on graph</Link>{' '}
          <span className="muted">({namespaces.join(', ')})</span>
        </p>
      )}
      {warnings.length === 0 ? null : (
        <section className="trace-warnings" aria-label="Trace warnings">
          <strong>Warnings</strong>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
