/**
 * The Istio Config list's "Create" menu: one entry per kind Meshlens keeps, each opening the
 * kind's template (Kiali's Actions → Create). A menu button: Escape or a click elsewhere closes it.
 */
import { KIALI_CONFIG_KINDS } from '@meshlens/mesh-core/api/istio-config-kinds';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../../app/url.ts';
import { istioNewPagePath } from './url.ts';
import './editor.css';

const CREATABLE = KIALI_CONFIG_KINDS.filter((k) => k.stored !== undefined)
  .map((k) => k.gvk)
  .sort((a, b) => a.Kind.localeCompare(b.Kind));

export function CreateMenu() {
  const [open, setOpen] = useState(false);
  const [params] = useSearchParams();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (root.current !== null && e.target instanceof Node && !root.current.contains(e.target))
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('mousedown', close);
    };
  }, [open]);
  return (
    <div
      className="create-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen(!open);
        }}
      >
        Create ▾
      </button>
      {open ? (
        <ul role="menu" id={id} aria-label="Create" className="create-menu-items">
          {CREATABLE.map((gvk) => (
            <li role="none" key={`${gvk.Group}/${gvk.Kind}`}>
              <Link
                role="menuitem"
                to={`${istioNewPagePath({ group: gvk.Group, version: gvk.Version, kind: gvk.Kind })}${sharedSearch(params)}`}
                onClick={() => {
                  setOpen(false);
                }}
              >
                {gvk.Kind}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
