/**
 * Jaeger UI's search form: service, operation (all, or one of the service's), tags (logfmt),
 * min and max duration, limit and lookback (or a custom range). It edits a draft; "Find Traces"
 * submits it (the page writes it to the URL). The page remounts it (by key) when the URL's
 * search changes, so the draft starts from the submitted search.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { tracingOperationsQueryOptions, tracingServicesQueryOptions } from './queries.ts';
import type { Lookback, TraceSearchState } from './search-url.ts';
import { LOOKBACKS } from './search-url.ts';

/** `datetime-local` text (local time) ⇄ µs since the epoch. */
function toLocalInput(us: number | undefined): string {
  if (us === undefined) return '';
  const d = new Date(us / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(text: string): number | undefined {
  const ms = new Date(text).getTime();
  return text === '' || Number.isNaN(ms) ? undefined : ms * 1000;
}

export function SearchForm(props: {
  readonly initial: TraceSearchState;
  readonly onSearch: (state: TraceSearchState) => void;
  /** Which form field is wrong, and why (a client-side check or the server's 400). */
  readonly fieldError?: { readonly field: string; readonly error: string } | undefined;
}) {
  const [draft, setDraft] = useState<TraceSearchState>(props.initial);
  const services = useQuery(tracingServicesQueryOptions());
  const operations = useQuery(tracingOperationsQueryOptions(draft.service));
  const patch = (p: Partial<TraceSearchState>) => {
    setDraft((d) => ({ ...d, ...p }));
  };
  const serviceNames = services.data?.data ?? [];
  // A linked search may name a service the store no longer lists: keep it selectable.
  const serviceChoices =
    draft.service === '' || serviceNames.includes(draft.service)
      ? serviceNames
      : [draft.service, ...serviceNames];
  const operationNames = operations.data?.data ?? [];
  const operationChoices =
    draft.operation === '' || operationNames.includes(draft.operation)
      ? operationNames
      : [draft.operation, ...operationNames];
  const invalid = (field: string) => (props.fieldError?.field === field ? true : undefined);

  return (
    <form
      className="trace-search-form"
      aria-label="Search traces"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(draft);
      }}
    >
      <label>
        Service
        <select
          value={draft.service}
          aria-invalid={invalid('Service')}
          onChange={(e) => {
            patch({ service: e.target.value, operation: '' });
          }}
        >
          <option value="">{services.isPending ? 'Loading services…' : 'Select a service'}</option>
          {serviceChoices.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {services.isError ? (
        <p role="alert" className="field-error">
          Services cannot be listed: {services.error.message}
        </p>
      ) : null}
      <label>
        Operation
        <select
          value={draft.operation}
          disabled={draft.service === ''}
          onChange={(e) => {
            patch({ operation: e.target.value });
          }}
        >
          <option value="">all</option>
          {operationChoices.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tags
        <input
          type="text"
          value={draft.tags}
          placeholder="http.status_code=500 error=true"
          aria-describedby="trace-tags-help"
          aria-invalid={invalid('Tags')}
          onChange={(e) => {
            patch({ tags: e.target.value });
          }}
        />
      </label>
      <p id="trace-tags-help" className="field-help">
        logfmt: <code>key=value</code> pairs separated by spaces; quote values with spaces (
        <code>http.url=&quot;http://a/b c&quot;</code>). A span must carry every tag.
      </p>
      <div className="trace-search-pair">
        <label>
          Min duration
          <input
            type="text"
            value={draft.minDuration}
            placeholder="e.g. 1.2s, 100ms, 500us"
            aria-invalid={invalid('Min duration')}
            onChange={(e) => {
              patch({ minDuration: e.target.value });
            }}
          />
        </label>
        <label>
          Max duration
          <input
            type="text"
            value={draft.maxDuration}
            placeholder="e.g. 1.2s, 100ms, 500us"
            aria-invalid={invalid('Max duration')}
            onChange={(e) => {
              patch({ maxDuration: e.target.value });
            }}
          />
        </label>
      </div>
      <label>
        Limit
        <input
          type="number"
          min={1}
          max={1500}
          value={draft.limit}
          aria-invalid={invalid('Limit')}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n > 0) patch({ limit: n });
          }}
        />
      </label>
      <label>
        Lookback
        <select
          value={draft.lookback}
          onChange={(e) => {
            const lookback = LOOKBACKS.find((l) => l.value === e.target.value)?.value ?? '1h';
            patch({ lookback: lookback satisfies Lookback });
          }}
        >
          {LOOKBACKS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {draft.lookback === 'custom' ? (
        <div className="trace-search-pair">
          <label>
            Start
            <input
              type="datetime-local"
              value={toLocalInput(draft.startUs)}
              aria-invalid={invalid('Start')}
              onChange={(e) => {
                const startUs = fromLocalInput(e.target.value);
                setDraft(({ startUs: _drop, ...d }) => (startUs === undefined ? d : { ...d, startUs }));
              }}
            />
          </label>
          <label>
            End
            <input
              type="datetime-local"
              value={toLocalInput(draft.endUs)}
              onChange={(e) => {
                const endUs = fromLocalInput(e.target.value);
                setDraft(({ endUs: _drop, ...d }) => (endUs === undefined ? d : { ...d, endUs }));
              }}
            />
          </label>
        </div>
      ) : null}
      {props.fieldError === undefined ? null : (
        <p role="alert" className="field-error">
          {props.fieldError.field}: {props.fieldError.error}
        </p>
      )}
      <button type="submit" className="primary">
        Find Traces
      </button>
    </form>
  );
}
