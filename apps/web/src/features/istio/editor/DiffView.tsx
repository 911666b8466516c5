/**
 * Two YAML texts side by side with their differences marked (CodeMirror's merge view), both
 * read-only; unchanged stretches are collapsed. Rebuilt when either text changes.
 */
import { yaml } from '@codemirror/lang-yaml';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import './editor.css';

const readOnly = [basicSetup, yaml(), EditorState.readOnly.of(true), EditorView.editable.of(false)];

export function DiffView(props: {
  /** The accessible name of the whole view. */
  readonly label: string;
  readonly before: string;
  readonly after: string;
  readonly beforeLabel: string;
  readonly afterLabel: string;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const { before, after } = props;
  useEffect(() => {
    const host = parent.current;
    if (host === null) return;
    const view = new MergeView({
      a: { doc: before, extensions: readOnly },
      b: { doc: after, extensions: readOnly },
      parent: host,
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
    });
    return () => {
      view.destroy();
    };
  }, [before, after]);
  const same = before === after;
  return (
    <figure className="diff" aria-label={props.label} style={{ margin: 0 }}>
      <figcaption className="diff-labels">
        <span>{props.beforeLabel}</span>
        <span>{props.afterLabel}</span>
      </figcaption>
      {same ? <p className="muted">No differences.</p> : null}
      <div className="diff-view" ref={parent} />
    </figure>
  );
}
