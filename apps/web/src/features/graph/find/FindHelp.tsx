/**
 * Kiali's Find/Hide help, as a non-modal dialog beside the fields: a preface and one tab per
 * table (examples, nodes, edges, operators, usage notes). Escape or "Close" dismisses it.
 */
import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { FIND_HELP_PREFACE, FIND_HELP_TABS } from './find-help.ts';
import type { HelpTab } from './find-help.ts';

export function FindHelp(props: { readonly onClose: () => void }) {
  const [tabId, setTabId] = useState<HelpTab['id']>('examples');
  const baseId = useId();
  const tab = FIND_HELP_TABS.find((t) => t.id === tabId) ?? FIND_HELP_TABS[0];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
  };
  return (
    <section role="dialog" aria-label="Graph Find/Hide help" className="find-help" onKeyDown={onKeyDown}>
      <header className="find-help-header">
        <h2>Graph Find/Hide</h2>
        <button type="button" onClick={props.onClose} aria-label="Close help">
          ×
        </button>
      </header>
      <p className="find-help-preface">{FIND_HELP_PREFACE}</p>
      <div role="tablist" aria-label="Help topics" className="tabs">
        {FIND_HELP_TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${baseId}-${t.id}`}
            aria-selected={t.id === tabId}
            aria-controls={`${baseId}-panel`}
            onClick={() => {
              setTabId(t.id);
            }}
          >
            {t.title}
          </button>
        ))}
      </div>
      {tab === undefined ? null : (
        <div
          role="tabpanel"
          id={`${baseId}-panel`}
          aria-labelledby={`${baseId}-${tab.id}`}
          className="find-help-panel"
        >
          <table className="data-table" aria-label={`Find/Hide ${tab.title}`}>
            <thead>
              <tr>
                <th scope="col">{tab.columns[0]}</th>
                {tab.columns[1] === '' ? null : <th scope="col">{tab.columns[1]}</th>}
              </tr>
            </thead>
            <tbody>
              {tab.rows.map((r) => (
                <tr key={r.expression}>
                  <td>{tab.id === 'notes' ? r.expression : <code>{r.expression}</code>}</td>
                  {tab.columns[1] === '' ? null : <td>{r.notes}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
