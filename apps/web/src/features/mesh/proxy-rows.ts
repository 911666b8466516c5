/**
 * The proxy sync table's rows: each proxy's status in istioctl proxy-status's words (Synced,
 * Stale, Not sent; NACK when it refused a revision), the filters by status and by name (node,
 * pod, workload or namespace, case-insensitively) and the sort by any column. Problems sort
 * first by status: NACK, Stale, Not sent, then Synced.
 */
import type { ProxySyncJson } from '@meshlens/mesh-core/api/mesh-status';
import { PROXY_SYNC_STATES } from '@meshlens/mesh-core/api/mesh-status';
import type { SortState } from '../../components/SortableTable.tsx';

/** The status filter's choices: the sync states, and proxies with a NACK. */
export const PROXY_STATUS_FILTERS = [...PROXY_SYNC_STATES, 'NACK'] as const;
export type ProxyStatusFilter = (typeof PROXY_STATUS_FILTERS)[number];

export const PROXY_SORT_KEYS = ['proxy', 'workload', 'namespace', 'kind', 'sent', 'acked', 'status'] as const;
export type ProxySortKey = (typeof PROXY_SORT_KEYS)[number];
export const DEFAULT_PROXY_SORT: SortState = { key: 'proxy', direction: 'asc' };

/** What the proxy column says: the pod when the node id names one, else the node id. */
export const proxyName = (p: ProxySyncJson) => p.pod ?? p.node;

const STATUS_RANK: Readonly<Record<ProxySyncJson['state'], number>> = { Stale: 1, 'Not sent': 2, Synced: 3 };
const statusRank = (p: ProxySyncJson) => (p.lastNack === undefined ? STATUS_RANK[p.state] : 0);

export function isProxyStatusFilter(v: string): v is ProxyStatusFilter {
  return (PROXY_STATUS_FILTERS as readonly string[]).includes(v);
}

export interface ProxyFilter {
  readonly status: ProxyStatusFilter | undefined;
  readonly name: string;
}

export function filterProxies(rows: readonly ProxySyncJson[], f: ProxyFilter): ProxySyncJson[] {
  const name = f.name.trim().toLowerCase();
  return rows.filter((p) => {
    if (f.status === 'NACK' ? p.lastNack === undefined : f.status !== undefined && p.state !== f.status) {
      return false;
    }
    if (name === '') return true;
    return [p.node, p.pod ?? '', p.workload, p.namespace].some((s) => s.toLowerCase().includes(name));
  });
}

const SORT_VALUE: Readonly<Record<ProxySortKey, (p: ProxySyncJson) => string | number>> = {
  proxy: proxyName,
  workload: (p) => p.workload,
  namespace: (p) => p.namespace,
  kind: (p) => p.kind,
  sent: (p) => p.sent ?? '',
  acked: (p) => p.acked ?? '',
  status: statusRank,
};

const isSortKey = (k: string): k is ProxySortKey => (PROXY_SORT_KEYS as readonly string[]).includes(k);

/** Sorted by the column (an unknown one sorts by proxy), ties by proxy name. */
export function sortProxies(rows: readonly ProxySyncJson[], sort: SortState): ProxySyncJson[] {
  const value = SORT_VALUE[isSortKey(sort.key) ? sort.key : 'proxy'];
  const sign = sort.direction === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return [...rows].sort((a, b) => sign * cmp(value(a), value(b)) || proxyName(a).localeCompare(proxyName(b)));
}
