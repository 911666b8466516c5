/**
 * The wizards' modal dialog: a labelled `role="dialog"` over a backdrop. It takes focus when it
 * opens (the first field, or the element marked `data-autofocus`), keeps Tab inside, closes on
 * Escape, and gives focus back to what had it.
 */
import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex="0"]';

export function Modal(props: {
  /** The dialog's accessible name (the wizard's title). */
  readonly label: string;
  /** The visible heading. */
  readonly heading: string;
  readonly children: ReactNode;
  readonly onClose: () => void;
  readonly wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first =
      ref.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="wizard-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        aria-describedby={headingId}
        className={props.wide === true ? 'wizard-dialog wide' : 'wizard-dialog'}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onClose();
          } else if (e.key === 'Tab') {
            const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
            const first = items[0];
            const last = items[items.length - 1];
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last?.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <h2 id={headingId}>{props.heading}</h2>
        {props.children}
      </div>
    </div>
  );
}
