/**
 * Kiali's "Actions" dropdown of the service page, as an ARIA menu button: the wizards (each
 * "Create"/"Update" as the service's routing allows, a disabled one saying why) and "Delete
 * Traffic Routing". Arrow keys move between items, Escape closes and returns focus.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

export interface MenuAction {
  readonly key: string;
  readonly label: string;
  readonly disabled: boolean;
  /** Why it is disabled, shown as its tooltip. */
  readonly reason?: string;
  /** A separator goes before it. */
  readonly separated?: boolean;
}

export function ActionsMenu(props: {
  readonly actions: readonly MenuAction[];
  readonly onSelect: (key: string) => void;
  /** Called when the menu opens, to refresh what it offers. */
  readonly onOpen?: () => void;
  readonly buttonRef?: React.RefObject<HTMLButtonElement | null>;
  /** While what the menu offers is loading. */
  readonly disabled?: boolean;
  /** Shown at the top of the open menu, and its description: why items are disabled. */
  readonly note?: string;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const noteId = useId();
  const menuRef = useRef<HTMLUListElement>(null);
  const ownButton = useRef<HTMLButtonElement>(null);
  const button = props.buttonRef ?? ownButton;

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('mousedown', close);
    };
  }, [open, button]);

  const toggle = () => {
    if (!open) props.onOpen?.();
    setOpen(!open);
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="wizard-actions">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={props.disabled}
        onClick={toggle}
      >
        Actions <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul
          id={menuId}
          role="menu"
          aria-label="Actions"
          aria-describedby={props.note === undefined ? undefined : noteId}
          ref={menuRef}
          onKeyDown={onMenuKey}
        >
          {props.note === undefined ? null : (
            <li role="none" id={noteId} className="menu-note">
              {props.note}
            </li>
          )}
          {props.actions.map((a) => (
            <li
              key={a.key}
              role="menuitem"
              tabIndex={-1}
              aria-disabled={a.disabled}
              title={a.reason}
              className={a.separated === true ? 'separated' : undefined}
              onClick={() => {
                if (a.disabled) return;
                setOpen(false);
                props.onSelect(a.key);
              }}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === ' ') && !a.disabled) {
                  e.preventDefault();
                  setOpen(false);
                  props.onSelect(a.key);
                }
              }}
            >
              {a.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
