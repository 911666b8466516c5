/** The banner over a graph that shows a trace's path: what is highlighted, the trace, and Clear. */
import { Link } from 'react-router';
import type { TraceHighlight } from './trace-highlight.ts';

export function TraceBanner(props: { readonly highlight: TraceHighlight }) {
  const { traceId, path, error, clear } = props.highlight;
  const short = traceId.slice(0, 7);
  let text: string;
  if (error !== null) text = `Trace ${short} cannot be shown: ${error.message}`;
  else if (path === undefined) text = `Loading trace ${short}…`;
  else if (path.nodeIds.length === 0)
    text = `Trace ${short}: none of its ${path.totalSpans} spans is on this graph (another namespace or time range?)`;
  else {
    const n = path.nodeIds.length;
    const m = path.edgeIds.length;
    text = `Trace ${short}: ${n} ${n === 1 ? 'node' : 'nodes'}, ${m} ${m === 1 ? 'edge' : 'edges'} highlighted`;
  }
  return (
    <div className="graph-trace-banner" role="status" aria-label="Trace on graph">
      <span>{text}</span>
      <Link to={`/tracing/traces/${encodeURIComponent(traceId)}`}>Open trace</Link>
      <button type="button" onClick={clear}>
        Clear trace
      </button>
    </div>
  );
}
