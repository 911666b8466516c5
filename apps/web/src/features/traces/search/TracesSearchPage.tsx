/**
 * The Traces page (`/tracing`), Jaeger UI's search: the form on the left, the scatter plot and
 * result list on the right. The submitted search lives in the URL (search-url.ts), so a link
 * reproduces it; its time window is fixed when it is submitted (or the page opened), and "Find
 * Traces" runs it again from now.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/http.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../../components/QueryStates.tsx';
import { traceSearchQueryOptions } from './queries.ts';
import { SearchForm } from './SearchForm.tsx';
import type { TraceSearchState, TraceSort } from './search-url.ts';
import {
  DEFAULT_SEARCH,
  PARAM_LABELS,
  readSearchState,
  searchRequest,
  writeSearchState,
} from './search-url.ts';
import { summarizeTrace } from './trace-summary.ts';
import { TraceResults } from './TraceResults.tsx';
import './traces-search.css';

const nowUs = () => Date.now() * 1000;

export function TracesSearchPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSearchState(params), [params]);
  const [searchedAtUs, setSearchedAtUs] = useState(nowUs);
  const request = useMemo(() => searchRequest(state, searchedAtUs), [state, searchedAtUs]);
  const query = useQuery(traceSearchQueryOptions('query' in request ? request.query : undefined));
  const summaries = useMemo(() => (query.data?.data ?? []).map(summarizeTrace), [query.data]);

  const onSearch = (draft: TraceSearchState) => {
    setParams(writeSearchState({ ...draft, sort: state.sort }));
    setSearchedAtUs(nowUs());
  };
  const onSort = (sort: TraceSort) => {
    setParams(writeSearchState({ ...state, sort }), { replace: true });
  };

  const serverParam = query.error instanceof ApiError ? query.error.details.param : undefined;
  const fieldError =
    'field' in request
      ? state.service === ''
        ? undefined
        : request
      : serverParam !== undefined && query.error !== null
        ? { field: PARAM_LABELS[serverParam] ?? serverParam, error: query.error.message }
        : undefined;
  // The form restarts from the URL's search when it changes, but not when only the sort does.
  const formKey = writeSearchState({ ...state, sort: DEFAULT_SEARCH.sort }).toString();

  let results;
  if (state.service === '') {
    results = (
      <EmptyState title="Search for traces">
        <p>Pick a service and press Find Traces: the traces with a span of that service appear here.</p>
      </EmptyState>
    );
  } else if ('field' in request || fieldError !== undefined) {
    results = (
      <EmptyState title="The search cannot be run">
        <p>Correct the field marked in the form.</p>
      </EmptyState>
    );
  } else if (query.isError) {
    results = <ErrorState error={query.error} what="traces" />;
  } else if (query.data === undefined) {
    results = <LoadingState what="traces" />;
  } else {
    results = (
      <>
        {query.data.errors === null ? null : (
          <section className="error-box" role="alert">
            <h2>Jaeger reported errors</h2>
            <ul>
              {query.data.errors.map((e, i) => (
                <li key={i}>{e.msg}</li>
              ))}
            </ul>
          </section>
        )}
        {summaries.length === 0 ? (
          <EmptyState title="No trace results">
            <p>
              No trace of {state.service} matches. Try a longer lookback, fewer tags or no duration bounds.
            </p>
          </EmptyState>
        ) : (
          <TraceResults traces={summaries} sort={state.sort} onSort={onSort} />
        )}
      </>
    );
  }

  return (
    <div className="traces-search-page">
      <h1>Traces</h1>
      <div className="traces-search-layout">
        <SearchForm key={formKey} initial={state} onSearch={onSearch} fieldError={fieldError} />
        <div className="traces-search-results" aria-busy={query.isFetching}>
          {results}
        </div>
      </div>
    </div>
  );
}
