/** Kiali's Traffic tab: the peers the object receives requests from and sends them to. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { HealthIcon } from '../../components/HealthIcon.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import type { Column } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';
import { appDetailPath, serviceDetailPath, workloadDetailPath } from './paths.ts';
import type { DetailTarget } from './queries.ts';
import { nodeGraphQuery } from './queries.ts';
import type { TrafficPeer } from './traffic.ts';
import { trafficSummary } from './traffic.ts';

function peerPath(p: TrafficPeer): string | undefined {
  switch (p.nodeType) {
    case 'service':
      return serviceDetailPath(p.namespace, p.name);
    case 'workload':
      return workloadDetailPath(p.namespace, p.name);
    case 'app':
      return appDetailPath(p.namespace, p.name);
    case 'aggregate':
    case 'box':
    case 'unknown':
      return undefined;
  }
}

function formatRate(p: TrafficPeer): string {
  return p.protocol === 'tcp' ? `${p.rate.toFixed(0)} B/s` : `${p.rate.toFixed(2)} rps`;
}

function columns(search: URLSearchParams): Column<TrafficPeer>[] {
  return [
    { key: 'health', label: 'Status', render: (p) => <HealthIcon status={p.health ?? 'NA'} /> },
    {
      key: 'name',
      label: 'Name',
      render: (p) => {
        const path = peerPath(p);
        const label = `${p.name}${p.namespace === '' ? '' : ` (${p.namespace})`}`;
        return path === undefined ? (
          label
        ) : (
          <Link to={{ pathname: path, search: sharedSearch(search) }}>{label}</Link>
        );
      },
    },
    { key: 'type', label: 'Type', render: (p) => p.nodeType },
    { key: 'protocol', label: 'Protocol', render: (p) => p.protocol.toUpperCase() },
    { key: 'rate', label: 'Rate', render: formatRate },
    {
      key: 'success',
      label: 'Success',
      render: (p) => (p.successPct === undefined ? 'N/A' : `${p.successPct.toFixed(1)}%`),
    },
  ];
}

function PeerTable(props: {
  readonly title: string;
  readonly peers: readonly TrafficPeer[];
  readonly search: URLSearchParams;
}) {
  return (
    <section className="card" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.peers.length === 0 ? (
        <p className="muted">No {props.title.toLowerCase()} in the time range.</p>
      ) : (
        <SortableTable
          label={props.title}
          columns={columns(props.search)}
          rows={props.peers}
          rowKey={(p) => `${p.id}/${p.protocol}`}
        />
      )}
    </section>
  );
}

export function TrafficTab(props: { readonly target: DetailTarget }) {
  const { durationSec, refreshMs } = useSharedState();
  const [search] = useSearchParams();
  const query = useQuery({
    ...nodeGraphQuery(props.target, durationSec),
    refetchInterval: refreshMs || false,
  });
  const summary = useMemo(
    () => (query.data === undefined ? undefined : trafficSummary(query.data, props.target)),
    [query.data, props.target],
  );
  if (query.isPending) return <LoadingState what="traffic" />;
  if (query.isError) return <ErrorState error={query.error} what="traffic" />;
  return (
    <div className="stack">
      <PeerTable title="Inbound traffic" peers={summary?.inbound ?? []} search={search} />
      <PeerTable title="Outbound traffic" peers={summary?.outbound ?? []} search={search} />
    </div>
  );
}
