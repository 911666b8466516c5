/**
 * Kiali's Istio Config list: every object of the selected namespaces with its type and its
 * validation (errors and warnings, their messages a click away), filtered by type and name and
 * sorted by any column, all kept in the URL.
 */
import { KIALI_CONFIG_KINDS } from '@meshlens/mesh-core/api/istio-config-kinds';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import type { Column, SortState } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';
import { ValidationBadge } from '../../components/ValidationBadge.tsx';
import { readList, useListParams, useTextFilter } from '../../components/list-url.ts';
import type { ConfigRow } from './config-rows.ts';
import { configRows, filterConfigRows, sortConfigRows } from './config-rows.ts';
import { CreateMenu } from './editor/CreateMenu.tsx';
import { istioObjectPagePath } from './editor/url.ts';
import { istioConfigQuery } from './queries.ts';

const DEFAULT_SORT: SortState = { key: 'name', direction: 'asc' };
const KINDS = [...new Set(KIALI_CONFIG_KINDS.map((k) => k.gvk.Kind))].sort();

/** The row's details page: its group and version are those of its `apiVersion`. */
function rowPath(r: ConfigRow): string {
  const [group = '', version = ''] = r.apiVersion.includes('/')
    ? r.apiVersion.split('/')
    : ['', r.apiVersion];
  return istioObjectPagePath({ namespace: r.namespace, group, version, kind: r.kind, name: r.name });
}

const columns = (search: string): readonly Column<ConfigRow>[] => [
  {
    key: 'name',
    label: 'Name',
    sortable: true,
    render: (r) => <Link to={`${rowPath(r)}${search}`}>{r.name}</Link>,
  },
  { key: 'namespace', label: 'Namespace', sortable: true, render: (r) => r.namespace },
  { key: 'type', label: 'Type', sortable: true, render: (r) => r.kind },
  {
    key: 'validation',
    label: 'Configuration',
    sortable: true,
    render: (r) =>
      r.validation === undefined ? (
        <span className="muted">Not validated</span>
      ) : r.validation.messages.length === 0 ? (
        <ValidationBadge validation={r.validation} />
      ) : (
        <details>
          <summary>
            <ValidationBadge validation={r.validation} />
          </summary>
          <ul className="validation-messages">
            {r.validation.messages.map((m, i) => (
              <li key={`${String(i)}-${m}`}>{m}</li>
            ))}
          </ul>
        </details>
      ),
  },
];

export function IstioConfigListPage() {
  const { namespaces, refreshMs } = useSharedState();
  const [search] = useSearchParams();
  const shared = sharedSearch(search);
  const tableColumns = useMemo(() => columns(shared), [shared]);
  const list = useListParams(DEFAULT_SORT);
  const { params, update, sort, setSort } = list;
  const query = useQuery({ ...istioConfigQuery(namespaces), refetchInterval: refreshMs || false });
  const [name, setName] = useTextFilter(list, 'name');
  const kinds = useMemo(() => readList(params, 'type'), [params]);
  const all = useMemo(() => (query.data === undefined ? [] : configRows(query.data)), [query.data]);
  const rows = useMemo(
    () => sortConfigRows(filterConfigRows(all, { name, kinds }), sort),
    [all, name, kinds, sort],
  );
  return (
    <section aria-labelledby="istio-title">
      <h1 id="istio-title" className="page-title">
        Istio Config
        <CreateMenu />
      </h1>
      <div className="list-toolbar">
        <label>
          <span>Filter by name</span>
          <input
            type="search"
            value={name}
            placeholder="Name"
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </label>
        <label>
          <span>Type</span>
          <select
            value={kinds[0] ?? ''}
            onChange={(e) => {
              update({ type: e.target.value });
            }}
          >
            <option value="">All types</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {query.isPending ? (
        <LoadingState what="Istio config" />
      ) : query.isError ? (
        <ErrorState error={query.error} what="Istio config" />
      ) : all.length === 0 ? (
        <EmptyState title="No Istio config">
          <p>
            The selected namespaces have no Istio config. Apply some with{' '}
            <code>meshlens apply -f config.yaml</code> (or run <code>npm start</code> for the Bookinfo demo
            with its config).
          </p>
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No Istio config matches the filters">
          <p>Clear the name or type filter to see all {all.length} objects.</p>
        </EmptyState>
      ) : (
        <SortableTable
          label="Istio config"
          columns={tableColumns}
          rows={rows}
          rowKey={(r) => r.key}
          sort={sort}
          onSort={setSort}
        />
      )}
    </section>
  );
}
