/**
 * The Logs tab's controls: the pod (when the workload has several), which lines are shown, the
 * tail limit, the filter and the highlight (each with its regex toggle and its error), follow,
 * and copying or downloading the lines shown.
 */
import type { ReactNode } from 'react';
import { TAIL_CHOICES } from './url.ts';
import type { LogsView, TailChoice } from './url.ts';

type SetView = <K extends keyof LogsView>(key: K, value: LogsView[K]) => void;

function Check(props: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (v: boolean) => void;
}) {
  return (
    <label className="toolbar-field">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => {
          props.onChange(e.target.checked);
        }}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** A text field with its regex toggle; a bad pattern is said under it and marks it invalid. */
function PatternField(props: {
  readonly id: string;
  readonly label: 'Filter' | 'Highlight';
  readonly placeholder: string;
  readonly value: string;
  readonly regex: boolean;
  readonly error: string | undefined;
  readonly onValue: (v: string) => void;
  readonly onRegex: (v: boolean) => void;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="log-pattern">
      <label className="toolbar-field">
        <span>{props.label}</span>
        <input
          type="search"
          value={props.value}
          placeholder={props.placeholder}
          aria-invalid={props.error !== undefined}
          {...(props.error === undefined ? {} : { 'aria-describedby': errorId })}
          onChange={(e) => {
            props.onValue(e.target.value);
          }}
        />
      </label>
      <label className="toolbar-field" title="Read the text as a regular expression">
        <input
          type="checkbox"
          aria-label={`${props.label} as regex`}
          checked={props.regex}
          onChange={(e) => {
            props.onRegex(e.target.checked);
          }}
        />
        <span aria-hidden="true">.*</span>
      </label>
      {props.error === undefined ? null : (
        <p id={errorId} className="log-pattern-error tone-failure" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function LogsToolbar(props: {
  readonly view: LogsView;
  readonly set: SetView;
  readonly pods: readonly string[];
  readonly filterError: string | undefined;
  readonly highlightError: string | undefined;
  readonly actions: ReactNode;
}) {
  const { view, set } = props;
  return (
    <div className="list-toolbar log-toolbar" role="group" aria-label="Log options">
      {props.pods.length > 1 ? (
        <label className="toolbar-field">
          <span>Pod</span>
          <select
            value={view.pod ?? ''}
            onChange={(e) => {
              set('pod', e.target.value === '' ? undefined : e.target.value);
            }}
          >
            <option value="">All pods</option>
            {props.pods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <Check
        label="Show app output"
        checked={view.showApp}
        onChange={(v) => {
          set('showApp', v);
        }}
      />
      <Check
        label="Show proxy access log"
        checked={view.showProxy}
        onChange={(v) => {
          set('showProxy', v);
        }}
      />
      <label className="toolbar-field">
        <span>Tail lines</span>
        <select
          value={view.tail ?? 'all'}
          onChange={(e) => {
            const n = Number(e.target.value);
            set(
              'tail',
              TAIL_CHOICES.find((c): c is Exclude<TailChoice, undefined> => c === n),
            );
          }}
        >
          {TAIL_CHOICES.map((c) => (
            <option key={c ?? 'all'} value={c ?? 'all'}>
              {c === undefined ? 'All lines' : `${c} lines`}
            </option>
          ))}
        </select>
      </label>
      <PatternField
        id="log-filter"
        label="Filter"
        placeholder="Show only lines with…"
        value={view.filter}
        regex={view.filterRegex}
        error={props.filterError}
        onValue={(v) => {
          set('filter', v);
        }}
        onRegex={(v) => {
          set('filterRegex', v);
        }}
      />
      <PatternField
        id="log-highlight"
        label="Highlight"
        placeholder="Mark lines with…"
        value={view.highlight}
        regex={view.highlightRegex}
        error={props.highlightError}
        onValue={(v) => {
          set('highlight', v);
        }}
        onRegex={(v) => {
          set('highlightRegex', v);
        }}
      />
      <Check
        label="Follow"
        checked={view.follow}
        onChange={(v) => {
          set('follow', v);
        }}
      />
      {props.actions}
    </div>
  );
}
