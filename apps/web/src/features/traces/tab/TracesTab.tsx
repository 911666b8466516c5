/**
 * Kiali's Traces tab of an app, service or workload detail page: the scatter plot and list of the
 * object's traces over the shared duration (Kiali's `/api/namespaces/{ns}/{kind}/{name}/traces`),
 * with a limit, a minimum duration, tags (logfmt, as on the Traces page) and an errors-only switch
 * (the `error=true` tag). The tab's filters live in the URL (`tracesLimit`, `tracesMinMs`,
 * `tracesTags`, `tracesErrors`) beside the page's tab.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSharedState } from '../../../app/url.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../../components/QueryStates.tsx';
import { parseLogfmt } from '../search/logfmt.ts';
import type { TracedObjectKind } from '../search/queries.ts';
import { objectTracesQueryOptions } from '../search/queries.ts';
import type { TraceSort } from '../search/search-url.ts';
import { TRACE_SORTS } from '../search/search-url.ts';
import { summarizeTrace } from '../search/trace-summary.ts';
import { TraceResults } from '../search/TraceResults.tsx';
import '../search/traces-search.css';

export const TAB_LIMITS = [20, 50, 100, 200, 500] as const;

export interface TracesTabProps {
  readonly namespace: string;
  readonly kind: TracedObjectKind;
  readonly name: string;
}

export function TracesTab(props: TracesTabProps) {
  const { namespace, kind, name } = props;
  const shared = useSharedState();
  const [params, setParams] = useSearchParams();
  const limit = TAB_LIMITS.find((l) => String(l) === params.get('tracesLimit')) ?? 20;
  const minMs = Number(params.get('tracesMinMs') ?? '');
  const minDurationMs = Number.isFinite(minMs) && minMs > 0 ? minMs : undefined;
  const tagsText = params.get('tracesTags') ?? '';
  const errorsOnly = params.get('tracesErrors') === 'true';
  const sort = TRACE_SORTS.find((s) => s.value === params.get('tracesSort'))?.value ?? 'MOST_RECENT';
  const [tagsDraft, setTagsDraft] = useState(tagsText);

  const set = (key: string, value: string | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  };

  const tags = parseLogfmt(tagsText);
  const tagsJson = 'error' in tags ? undefined : { ...tags.tags, ...(errorsOnly ? { error: 'true' } : {}) };
  const query = useQuery({
    ...objectTracesQueryOptions({
      namespace,
      kind,
      name,
      durationSec: shared.durationSec,
      query: {
        limit,
        minDuration: minDurationMs === undefined ? undefined : Math.round(minDurationMs * 1000),
        tags:
          tagsJson === undefined || Object.keys(tagsJson).length === 0 ? undefined : JSON.stringify(tagsJson),
      },
      refreshMs: shared.refreshMs,
    }),
    enabled: tagsJson !== undefined,
  });
  const summaries = useMemo(() => (query.data?.data ?? []).map(summarizeTrace), [query.data]);

  let body;
  if ('error' in tags) {
    body = null;
  } else if (query.isError) {
    body = <ErrorState error={query.error} what="traces" />;
  } else if (query.data === undefined) {
    body = <LoadingState what="traces" />;
  } else if (summaries.length === 0) {
    body = (
      <EmptyState title="No traces">
        <p>
          No {errorsOnly ? 'error ' : ''}traces of {name} in this period. Try a longer duration, or{' '}
          <Link to={`/tracing?service=${encodeURIComponent(query.data.tracingServiceName)}&lookback=1h`}>
            search all its traces
          </Link>
          .
        </p>
      </EmptyState>
    );
  } else {
    body = (
      <TraceResults
        traces={summaries}
        sort={sort}
        onSort={(s: TraceSort) => {
          set('tracesSort', s === 'MOST_RECENT' ? undefined : s);
        }}
      />
    );
  }

  return (
    <section aria-label="Traces" className="traces-tab">
      <form
        className="traces-tab-controls"
        aria-label="Trace filters"
        onSubmit={(e) => {
          e.preventDefault();
          set('tracesTags', tagsDraft.trim());
        }}
      >
        <label>
          Limit
          <select
            value={limit}
            onChange={(e) => {
              set('tracesLimit', e.target.value === '20' ? undefined : e.target.value);
            }}
          >
            {TAB_LIMITS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Min duration (ms)
          <input
            type="number"
            min={0}
            defaultValue={minDurationMs ?? ''}
            onBlur={(e) => {
              set('tracesMinMs', e.target.value === '0' ? undefined : e.target.value);
            }}
          />
        </label>
        <label>
          Tags
          <input
            type="text"
            value={tagsDraft}
            placeholder="http.status_code=500"
            aria-invalid={'error' in tags ? true : undefined}
            onChange={(e) => {
              setTagsDraft(e.target.value);
            }}
            onBlur={() => {
              set('tracesTags', tagsDraft.trim());
            }}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => {
              set('tracesErrors', e.target.checked ? 'true' : undefined);
            }}
          />
          Errors only
        </label>
      </form>
      {'error' in tags ? (
        <p role="alert" className="field-error">
          Tags: {tags.error}
        </p>
      ) : null}
      {body}
    </section>
  );
}
