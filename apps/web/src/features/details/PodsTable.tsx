/** The object's instances (pods), with their phase and each xDS type's proxy sync status. */
import type { PodJson, XdsStatus } from '@meshlens/mesh-core/inventory';
import type { Column } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';

const XDS = ['CDS', 'EDS', 'LDS', 'RDS'] as const;

function tone(s: XdsStatus): string {
  switch (s) {
    case 'Synced':
      return 'tone-healthy';
    case 'NOT_SENT':
      return 'tone-idle';
    case 'Stale':
    case 'Stale (Never Acknowledged)':
      return 'tone-degraded';
  }
}

function ProxyStatus(props: { readonly pod: PodJson }) {
  const ps = props.pod.proxyStatus;
  if (ps === null) {
    return (
      <span className="muted">{props.pod.istioContainers.length === 0 ? 'No sidecar' : 'Not connected'}</span>
    );
  }
  return (
    <span className="chips">
      {XDS.map((x) => (
        <span key={x} className={`chip ${tone(ps[x])}`}>
          {x}: {ps[x]}
        </span>
      ))}
    </span>
  );
}

const COLUMNS: readonly Column<PodJson>[] = [
  { key: 'name', label: 'Name', render: (p) => p.name },
  {
    key: 'status',
    label: 'Status',
    render: (p) => (p.statusMessage === '' ? p.status : `${p.status}: ${p.statusMessage}`),
  },
  { key: 'proxy', label: 'Proxy sync', render: (p) => <ProxyStatus pod={p} /> },
  { key: 'created', label: 'Created', render: (p) => new Date(p.createdAt).toLocaleString() },
];

export function PodsTable(props: { readonly pods: readonly PodJson[] }) {
  return (
    <section className="card" aria-labelledby="pods-title">
      <h2 id="pods-title">Pods</h2>
      {props.pods.length === 0 ? (
        <p className="muted">No pods: the workload has no instances running.</p>
      ) : (
        <SortableTable label="Pods" columns={COLUMNS} rows={props.pods} rowKey={(p) => p.name} />
      )}
    </section>
  );
}
