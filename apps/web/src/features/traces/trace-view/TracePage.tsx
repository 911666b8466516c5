/**
 * `/tracing/traces/:traceId`: one trace, read from `GET /api/traces/{traceID}`, in the trace view.
 * The selected span is in the URL (`?span=`). A trace id the store does not know shows the
 * server's 404 message; an unreachable Jaeger its 503.
 */
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/QueryStates.tsx';
import { traceQuery } from './queries.ts';
import { TraceView } from './TraceView.tsx';
import { useSelectedSpan } from './url.ts';

const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

export function TracePage() {
  const traceId = useParams()['traceId'] ?? '';
  const valid = TRACE_ID.test(traceId);
  const query = useQuery({ ...traceQuery(traceId), enabled: valid });
  const [selectedSpanID, selectSpan] = useSelectedSpan();

  if (!valid)
    return (
      <section className="error-box" role="alert">
        <h2>Invalid trace ID</h2>
        <p>A trace ID is 1 to 32 hexadecimal digits, not “{traceId}”.</p>
      </section>
    );
  if (query.isPending) return <LoadingState what={`trace ${traceId}`} />;
  if (query.isError) return <ErrorState error={query.error} what="trace" />;
  const errors = (query.data.errors ?? []).map((e) => `Jaeger: ${e.msg}`);
  return (
    <TraceView
      trace={query.data.data}
      extraWarnings={errors}
      selectedSpanID={selectedSpanID}
      onSelectSpan={selectSpan}
    />
  );
}
