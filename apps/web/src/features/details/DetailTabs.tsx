/** The detail pages' tab strip (ARIA tabs) and the panel of the selected tab. */
import type { ReactNode } from 'react';
import type { DetailTab } from './url.ts';
import { DETAIL_TABS, useDetailTab } from './url.ts';

export function DetailTabs(props: {
  readonly tabs: readonly DetailTab[];
  readonly render: (tab: DetailTab) => ReactNode;
}) {
  const [tab, setTab] = useDetailTab(props.tabs);
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Details">
        {DETAIL_TABS.filter((t) => props.tabs.includes(t.id)).map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls={`panel-${t.id}`}
            onClick={() => {
              setTab(t.id);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {props.render(tab)}
      </div>
    </>
  );
}
