/**
 * Kiali's Istio config details page (`/namespaces/:namespace/istio/:group/:version/:kind/:object`):
 * the object's server validation and references, then its YAML in the validating editor, and its
 * revision history with rollback, each a tab kept in the URL.
 */
import type { ConfigObjectLocator } from '@meshlens/mesh-core/api/istio-config-editing';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import { HistoryPanel } from './editor/HistoryPanel.tsx';
import { ObjectEditor } from './editor/ObjectEditor.tsx';
import { ObjectSummary } from './editor/ObjectSummary.tsx';
import { istioObjectQuery } from './editor/queries.ts';
import type { EditorTab } from './editor/url.ts';
import { useEditorUrlState } from './editor/url.ts';

const TABS: readonly { readonly id: EditorTab; readonly label: string }[] = [
  { id: 'yaml', label: 'YAML' },
  { id: 'history', label: 'History' },
];

export function IstioConfigDetailsPage() {
  const p = useParams();
  const locator = useMemo(
    (): ConfigObjectLocator => ({
      namespace: p.namespace ?? '',
      group: p.group ?? '',
      version: p.version ?? '',
      kind: p.kind ?? '',
      name: p.object ?? '',
    }),
    [p.namespace, p.group, p.version, p.kind, p.object],
  );
  const [params] = useSearchParams();
  const { refreshMs } = useSharedState();
  const { tab, update } = useEditorUrlState();
  const query = useQuery({ ...istioObjectQuery(locator), refetchInterval: refreshMs || false });
  const what = `${locator.kind} ${locator.namespace}/${locator.name}`;

  return (
    <section aria-labelledby="config-title" className="stack">
      <div>
        <p className="muted" style={{ margin: 0 }}>
          <Link to={`/istio${sharedSearch(params)}`}>Istio Config</Link> / {locator.namespace}
        </p>
        <h1 id="config-title" className="page-title">
          {locator.kind}: {locator.name}
          <span className="page-subtitle">
            {locator.group}/{locator.version} in namespace {locator.namespace}
          </span>
        </h1>
      </div>
      {query.isPending ? (
        <LoadingState what={what} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={what} />
      ) : (
        <>
          <ObjectSummary details={query.data} />
          <div>
            <div className="tabs" role="tablist" aria-label="Config views">
              {TABS.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  id={`config-tab-${t.id}`}
                  aria-selected={t.id === tab}
                  aria-controls={`config-panel-${t.id}`}
                  onClick={() => {
                    update({ tab: t.id });
                  }}
                >
                  {t.label}
                </button>
              ))}
            </div>
            {/* The editor stays mounted behind History, so unsaved edits survive a look at it. */}
            <div
              role="tabpanel"
              id="config-panel-yaml"
              aria-labelledby="config-tab-yaml"
              hidden={tab !== 'yaml'}
            >
              <ObjectEditor
                key={`${locator.namespace}/${locator.group}/${locator.version}/${locator.kind}/${locator.name}`}
                locator={locator}
                details={query.data}
                reload={async () => (await query.refetch()).data}
              />
            </div>
            {tab === 'history' ? (
              <div role="tabpanel" id="config-panel-history" aria-labelledby="config-tab-history">
                <HistoryPanel locator={locator} />
              </div>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
