/**
 * The Mesh page's proxy sync table (istioctl proxy-status): per proxy its pod and node, workload,
 * namespace, kind, the config revision sent and the one acknowledged, and its status with the
 * last NACK's error. Filter by status and by name, sort by any column; all kept in the URL.
 */
import type { ProxySyncJson } from '@meshlens/mesh-core/api/mesh-status';
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { Column } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';
import { useListParams, useTextFilter } from '../../components/list-url.ts';
import type { ProxyStatusFilter } from './proxy-rows.ts';
import {
  DEFAULT_PROXY_SORT,
  PROXY_STATUS_FILTERS,
  filterProxies,
  isProxyStatusFilter,
  proxyName,
  sortProxies,
} from './proxy-rows.ts';

const PROXY_TONE: Readonly<Record<ProxySyncJson['state'], string>> = {
  Synced: 'tone-healthy',
  Stale: 'tone-degraded',
  'Not sent': 'tone-idle',
};

function Revision(props: { readonly value: string | undefined }) {
  return props.value === undefined ? <span className="muted">None</span> : <code>{props.value}</code>;
}

const COLUMNS: readonly Column<ProxySyncJson>[] = [
  {
    key: 'proxy',
    label: 'Proxy',
    sortable: true,
    render: (p) => (
      <span className="proxy-cell">
        <strong>{proxyName(p)}</strong>
        <code className="muted proxy-node">{p.node}</code>
      </span>
    ),
  },
  { key: 'workload', label: 'Workload', sortable: true, render: (p) => p.workload },
  { key: 'namespace', label: 'Namespace', sortable: true, render: (p) => p.namespace },
  { key: 'kind', label: 'Kind', sortable: true, render: (p) => p.kind },
  { key: 'sent', label: 'Config sent', sortable: true, render: (p) => <Revision value={p.sent} /> },
  { key: 'acked', label: 'Config acknowledged', sortable: true, render: (p) => <Revision value={p.acked} /> },
  {
    key: 'status',
    label: 'Status',
    sortable: true,
    render: (p) => (
      <span className="proxy-status">
        <span className={PROXY_TONE[p.state]}>
          {p.state}
          {p.connected ? null : <span className="muted"> (disconnected)</span>}
        </span>
        {p.lastNack === undefined ? null : (
          <span className="tone-failure">
            NACK {p.lastNack.revision}: {p.lastNack.error}
          </span>
        )}
      </span>
    ),
  },
];

export function ProxySyncTable(props: { readonly proxies: readonly ProxySyncJson[] }) {
  const list = useListParams(DEFAULT_PROXY_SORT);
  const { params, update, sort, setSort } = list;
  // Held here and written through to the URL (see useTextFilter): read from it once.
  const [status, setStatus] = useState<ProxyStatusFilter | undefined>(() => {
    const v = params.get('proxyStatus') ?? '';
    return isProxyStatusFilter(v) ? v : undefined;
  });
  const [name, setName] = useTextFilter(list, 'proxyName');
  const rows = sortProxies(filterProxies(props.proxies, { status, name }), sort);
  return (
    <>
      <div className="list-toolbar" role="group" aria-label="Proxy filters">
        <label>
          <span>Status</span>
          <select
            value={status ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              setStatus(isProxyStatusFilter(v) ? v : undefined);
              update({ proxyStatus: v });
            }}
          >
            <option value="">Any status</option>
            {PROXY_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Name</span>
          <input
            type="search"
            value={name}
            placeholder="Pod, workload or namespace"
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </label>
        <span className="muted" role="status">
          {rows.length} of {props.proxies.length} proxies
        </span>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No matching proxies">
          <p>No proxy matches the status and name chosen. Clear the filters to see all.</p>
        </EmptyState>
      ) : (
        <SortableTable
          label="Proxies"
          columns={COLUMNS}
          rows={rows}
          rowKey={(p) => p.node}
          sort={sort}
          onSort={setSort}
        />
      )}
    </>
  );
}
