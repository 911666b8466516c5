/**
 * Kiali's graph Find and Hide fields. Each expression is applied on Enter (or when the field
 * loses focus) and kept in the URL (`graphFind`, `graphHide`); an invalid one is reported under
 * the fields, naming the bad token, until the user edits it. `onMatch` receives the ids to
 * highlight and to hide whenever the graph or an applied expression changes.
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FindError } from './parse-find.ts';
import { findAndHide } from './evaluate-find.ts';
import { FindHelp } from './FindHelp.tsx';
import { useFindHideParams } from './url.ts';
import '../../../components/console-ui.css';
import './find.css';

function ExpressionField(props: {
  readonly label: 'Find' | 'Hide';
  readonly value: string;
  readonly error: FindError | undefined;
  readonly onApply: (value: string) => void;
}) {
  const { label, value, error, onApply } = props;
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [applied, setApplied] = useState(value);
  // The URL may change under the field (back button, a link, a reset): show what it says.
  if (value !== applied) {
    setApplied(value);
    setDraft(value);
  }
  const showError = error !== undefined && draft.trim() === value;
  const apply = () => {
    if (draft.trim() !== value) onApply(draft);
  };
  return (
    <div className="find-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={draft}
        placeholder={`${label}...`}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={showError}
        aria-errormessage={showError ? `${id}-error` : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
        }}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          } else if (e.key === 'Escape') {
            setDraft(value);
          }
        }}
      />
      {value === '' ? null : (
        <button
          type="button"
          className="find-clear"
          aria-label={`Clear ${label}`}
          title={`Clear ${label}...`}
          onClick={() => {
            setDraft('');
            onApply('');
          }}
        >
          ×
        </button>
      )}
      {showError ? (
        <p id={`${id}-error`} role="alert" className="find-error">
          {label}: {error.message}
        </p>
      ) : null}
    </div>
  );
}

export function FindHideBar(props: {
  graph: GraphJson | undefined;
  onMatch: (find: ReadonlySet<string>, hide: ReadonlySet<string>) => void;
}) {
  const { find, hide, setFind, setHide } = useFindHideParams();
  const [helpOpen, setHelpOpen] = useState(false);
  const result = useMemo(() => findAndHide(props.graph, find, hide), [props.graph, find, hide]);

  // The callback's identity may change on every render of the page; only a new result matters.
  const onMatch = useRef(props.onMatch);
  useEffect(() => {
    onMatch.current = props.onMatch;
  });
  useEffect(() => {
    onMatch.current(result.find, result.hide);
  }, [result]);

  const counts = [
    find === '' || result.findError !== undefined ? '' : `${result.find.size} found`,
    hide === '' || result.hideError !== undefined ? '' : `${result.hide.size} hidden`,
  ].filter((s) => s !== '');

  return (
    <div className="find-hide-bar" role="search" aria-label="Find and hide graph elements">
      <ExpressionField label="Find" value={find} error={result.findError} onApply={setFind} />
      <ExpressionField label="Hide" value={hide} error={result.hideError} onApply={setHide} />
      <button
        type="button"
        className="find-help-button"
        aria-label="Find/Hide help"
        aria-expanded={helpOpen}
        title="Find/Hide Help..."
        onClick={() => {
          setHelpOpen((open) => !open);
        }}
      >
        ?
      </button>
      {counts.length === 0 ? null : (
        <span className="find-counts muted" role="status">
          {counts.join(' · ')}
        </span>
      )}
      {helpOpen ? (
        <FindHelp
          onClose={() => {
            setHelpOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}
