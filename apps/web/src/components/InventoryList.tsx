/**
 * Kiali's apps, workloads and services lists share one look: Health, Name (to the detail page),
 * Namespace, Labels and Details (missing sidecar, the object's validation, its linked Istio
 * config with theirs), filters by name, health and missing sidecar, and sorting by column — all
 * in the URL. Each list page turns its answer into `InventoryRow`s and hands them here.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../app/url.ts';
import { EmptyState } from './EmptyState.tsx';
import { HEALTH_STATUS_CHOICES, HealthIcon, healthText, isHealthStatus } from './HealthIcon.tsx';
import { ErrorState, LoadingState } from './QueryStates.tsx';
import type { Column, SortState } from './SortableTable.tsx';
import { SortableTable } from './SortableTable.tsx';
import { ValidationBadge } from './ValidationBadge.tsx';
import type { InventoryRow, LinkedConfig } from './inventory-rows.ts';
import { filterInventoryRows, sortInventoryRows } from './inventory-rows.ts';
import { readList, useListParams, useTextFilter } from './list-url.ts';

const DEFAULT_SORT: SortState = { key: 'name', direction: 'asc' };

/** Kiali's short names of config kinds, as its list icons show them. */
const KIND_ABBREVIATIONS: Readonly<Record<string, string>> = {
  VirtualService: 'VS',
  DestinationRule: 'DR',
  Gateway: 'GW',
  ServiceEntry: 'SE',
  Sidecar: 'S',
  PeerAuthentication: 'PA',
  AuthorizationPolicy: 'AP',
  RequestAuthentication: 'RA',
  EnvoyFilter: 'EF',
  WorkloadEntry: 'WE',
  WorkloadGroup: 'WG',
};

function LinkedConfigChip(props: { readonly linked: LinkedConfig; readonly search: URLSearchParams }) {
  const { ref, validation } = props.linked;
  const kind = ref.objectGVK.Kind;
  const to = {
    pathname: '/istio',
    search: sharedSearch(props.search, { namespaces: ref.namespace, name: ref.name, type: kind }),
  };
  return (
    <span className="chip" title={`${kind} ${ref.namespace}/${ref.name}`}>
      <abbr title={kind}>{KIND_ABBREVIATIONS[kind] ?? kind}</abbr>{' '}
      <Link to={to} aria-label={`${kind} ${ref.name}`}>
        {ref.name}
      </Link>
      {validation !== undefined && (validation.errors > 0 || validation.warnings > 0 || !validation.valid) ? (
        <>
          {' '}
          <ValidationBadge validation={validation} />
        </>
      ) : null}
    </span>
  );
}

function columns(search: URLSearchParams): Column<InventoryRow>[] {
  return [
    { key: 'health', label: 'Health', sortable: true, render: (r) => <HealthIcon status={r.health} /> },
    {
      key: 'name',
      label: 'Name',
      sortable: true,
      render: (r) => <Link to={{ pathname: r.detailPath, search: sharedSearch(search) }}>{r.name}</Link>,
    },
    { key: 'namespace', label: 'Namespace', sortable: true, render: (r) => r.namespace },
    {
      key: 'labels',
      label: 'Labels',
      render: (r) => (
        <span className="chips">
          {Object.entries(r.labels).map(([k, v]) => (
            <span key={k} className="chip">
              {k}={v}
            </span>
          ))}
        </span>
      ),
    },
    {
      key: 'details',
      label: 'Details',
      sortable: true,
      render: (r) => (
        <span className="chips">
          {r.istioSidecar ? null : <span className="chip chip-warn">Missing Sidecar</span>}
          {r.validation !== undefined && (r.validation.errors > 0 || r.validation.warnings > 0) ? (
            <ValidationBadge validation={r.validation} />
          ) : null}
          {r.linked.map((l) => (
            <LinkedConfigChip
              key={`${l.ref.objectGVK.Kind}/${l.ref.namespace}/${l.ref.name}`}
              linked={l}
              search={search}
            />
          ))}
        </span>
      ),
    },
  ];
}

export interface InventoryListProps {
  readonly title: string;
  /** Plural, lower case: "applications". */
  readonly what: string;
  readonly rows: readonly InventoryRow[];
  readonly isPending: boolean;
  readonly error: unknown;
}

export function InventoryList(props: InventoryListProps) {
  const [search] = useSearchParams();
  const list = useListParams(DEFAULT_SORT);
  const { params, update, sort, setSort } = list;
  const [name, setName] = useTextFilter(list, 'name');
  const health = useMemo(() => readList(params, 'health').filter(isHealthStatus), [params]);
  const missingSidecar = params.get('sidecar') === 'missing';
  const rows = useMemo(
    () => sortInventoryRows(filterInventoryRows(props.rows, { name, health, missingSidecar }), sort),
    [props.rows, name, health, missingSidecar, sort],
  );
  const cols = useMemo(() => columns(search), [search]);
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title" className="page-title">
        {props.title}
      </h1>
      <div className="list-toolbar">
        <label>
          <span>Filter by name</span>
          <input
            type="search"
            placeholder="Name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </label>
        <label>
          <span>Health</span>
          <select
            value={health[0] ?? ''}
            onChange={(e) => {
              update({ health: e.target.value });
            }}
          >
            <option value="">Any</option>
            {HEALTH_STATUS_CHOICES.map((s) => (
              <option key={s} value={s}>
                {healthText(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={missingSidecar}
            onChange={(e) => {
              update({ sidecar: e.target.checked ? 'missing' : undefined });
            }}
          />
          <span>Missing sidecar only</span>
        </label>
      </div>
      {props.isPending ? (
        <LoadingState what={props.what} />
      ) : props.error !== null && props.error !== undefined ? (
        <ErrorState error={props.error} what={props.what} />
      ) : props.rows.length === 0 ? (
        <EmptyState title={`No ${props.what}`}>
          <p>
            The selected namespaces have no {props.what}. Run <code>npm start</code> to install the Bookinfo
            demo, or deploy your own with <code>meshlens apply -f app.yaml</code>; choose other namespaces
            above.
          </p>
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${props.what} match the filters`}>
          <p>
            Clear the name, health or sidecar filter to see all {props.rows.length} {props.what}.
          </p>
        </EmptyState>
      ) : (
        <SortableTable
          label={props.title}
          columns={cols}
          rows={rows}
          rowKey={(r) => `${r.namespace}/${r.name}`}
          sort={sort}
          onSort={setSort}
        />
      )}
    </section>
  );
}
