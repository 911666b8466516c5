/** The side panel's "Traces" section: a node's most recent traces, and a link to all of them. */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { formatDurationUs } from '@meshlens/mesh-core/traces';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../../app/url.ts';
import type { TracedNode } from './node-traces.ts';
import { nodeTraceRows, nodeTracesQueryOptions, tracedDetailPath, tracedNode } from './node-traces.ts';

export function NodeTraces(props: { readonly node: GraphNodeData; readonly durationSec: number }) {
  const traced = tracedNode(props.node);
  if (traced === undefined) return null;
  return <TracedNodeTraces traced={traced} durationSec={props.durationSec} />;
}

function TracedNodeTraces(props: { readonly traced: TracedNode; readonly durationSec: number }) {
  const [params] = useSearchParams();
  const query = useQuery(nodeTracesQueryOptions(props.traced, props.durationSec));
  const rows = query.data === undefined ? [] : nodeTraceRows(query.data.data);
  return (
    <section aria-labelledby="side-panel-traces" className="side-section">
      <h3 id="side-panel-traces">Traces</h3>
      {query.isPending ? (
        <p className="muted" role="status">
          Loading traces…
        </p>
      ) : query.isError ? (
        <p className="muted" role="alert">
          Traces cannot be loaded: {query.error.message}
        </p>
      ) : rows.length === 0 ? (
        <p className="muted">No traces in this period.</p>
      ) : (
        <ul className="side-traces" aria-label="Recent traces">
          {rows.map((r) => (
            <li key={r.traceID}>
              <Link to={`/tracing/traces/${encodeURIComponent(r.traceID)}`}>
                {r.hasError ? (
                  <span className="side-trace-error" title="Has an error span">
                    ⚠ Error{' '}
                  </span>
                ) : null}
                {r.traceID.slice(0, 7)}
              </Link>{' '}
              <span>{formatDurationUs(r.durationUs)}</span>{' '}
              <span className="muted">{new Date(r.startUs / 1000).toLocaleTimeString()}</span>
            </li>
          ))}
        </ul>
      )}
      <Link to={`${tracedDetailPath(props.traced)}${sharedSearch(params, { tab: 'traces' })}`}>
        Show all traces
      </Link>
    </section>
  );
}
