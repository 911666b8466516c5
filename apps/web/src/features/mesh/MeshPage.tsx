/**
 * The Mesh page: each part of Meshlens (control plane, Prometheus, trace store) with its status,
 * version, URL and probe latency, and every proxy's config sync as the control plane sees it
 * (istioctl proxy-status: revision sent and acknowledged; Synced, Stale, Not sent, last NACK).
 */
import type { ComponentHealth } from '@meshlens/mesh-core/api/mesh-status';
import { MESH_COMPONENTS } from '@meshlens/mesh-core/api/mesh-status';
import { useQuery } from '@tanstack/react-query';
import { useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import type { Column } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';
import '../../components/console-ui.css';
import { COMPONENT_TITLES } from './components.ts';
import { ProxySyncTable } from './ProxySyncTable.tsx';
import './mesh.css';
import { meshProxiesQuery, meshStatusQuery } from './queries.ts';

const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

function statusTone(s: ComponentHealth['status']): string {
  return s === 'Healthy' ? 'tone-healthy' : s === 'NotReady' ? 'tone-degraded' : 'tone-failure';
}

interface ComponentRow {
  readonly title: string;
  readonly health: ComponentHealth;
}

const COMPONENT_COLUMNS: readonly Column<ComponentRow>[] = [
  {
    key: 'component',
    label: 'Component',
    render: (r) => `${capitalized(r.title.replace(/^The /, ''))} (${r.health.name})`,
  },
  {
    key: 'status',
    label: 'Status',
    render: (r) => (
      <span className={statusTone(r.health.status)}>
        {r.health.status}
        {r.health.error === undefined ? null : <span className="muted"> — {r.health.error}</span>}
      </span>
    ),
  },
  {
    key: 'version',
    label: 'Version',
    render: (r) =>
      r.health.version === undefined ? (
        <span className="muted">Not reported</span>
      ) : (
        <code>{r.health.version}</code>
      ),
  },
  { key: 'url', label: 'URL', render: (r) => <code>{r.health.url}</code> },
  { key: 'latency', label: 'Latency', render: (r) => `${r.health.latencyMs.toFixed(1)} ms` },
  { key: 'detail', label: 'Detail', render: (r) => r.health.detail ?? '' },
];

export function MeshPage() {
  const { refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const status = useQuery({ ...meshStatusQuery(), refetchInterval });
  const proxies = useQuery({ ...meshProxiesQuery(), refetchInterval });
  return (
    <section aria-labelledby="mesh-title" className="stack">
      <h1 id="mesh-title" className="page-title">
        Mesh
      </h1>
      <section className="card" aria-labelledby="components-title">
        <h2 id="components-title">Components</h2>
        {status.isPending ? (
          <LoadingState what="the mesh status" />
        ) : status.isError ? (
          <ErrorState error={status.error} what="the mesh status" />
        ) : (
          <>
            <SortableTable
              label="Components"
              columns={COMPONENT_COLUMNS}
              rows={MESH_COMPONENTS.map((c) => ({
                title: COMPONENT_TITLES[c],
                health: status.data.components[c],
              }))}
              rowKey={(r) => r.health.name}
            />
            <p className="muted">
              Proxies: {status.data.proxies.total} in all, {status.data.proxies.synced} synced,{' '}
              {status.data.proxies.stale} stale, {status.data.proxies.notSent} not sent,{' '}
              {status.data.proxies.disconnected} disconnected. Checked at{' '}
              {new Date(status.data.checkedAt).toLocaleTimeString()}.
            </p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="proxies-title">
        <h2 id="proxies-title">Proxies</h2>
        {proxies.isPending ? (
          <LoadingState what="the proxies" />
        ) : proxies.isError ? (
          <ErrorState error={proxies.error} what="the proxies" />
        ) : proxies.data.controlPlane.status !== 'Healthy' ? (
          <ErrorState
            error={
              new Error(
                proxies.data.controlPlane.error ??
                  `The control plane at ${proxies.data.controlPlane.url} is ${proxies.data.controlPlane.status}`,
              )
            }
            what="the proxies: the control plane is down"
          />
        ) : proxies.data.proxies.length === 0 ? (
          <EmptyState title="No proxies">
            <p>
              No proxy is connected to the control plane. Run <code>npm start</code> to start the Bookinfo
              demo with its sidecars, or deploy workloads with <code>meshlens apply -f app.yaml</code>.
            </p>
          </EmptyState>
        ) : (
          <ProxySyncTable proxies={proxies.data.proxies} />
        )}
      </section>
    </section>
  );
}
