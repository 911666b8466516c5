/**
 * A confirmation asked in the page (not `window.confirm`, so that it is styled and reachable by
 * role): a dialog with the question, the action's button and Cancel. Escape cancels.
 */
import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';
import './editor.css';

export function ConfirmDialog(props: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Focus the harmless choice, as a destructive confirmation should.
    cancel.current?.focus();
  }, []);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={id}
      className="confirm-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <h2 id={id}>{props.title}</h2>
      {props.children}
      <div className="actions">
        <button type="button" ref={cancel} onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </div>
  );
}
