/**
 * Kiali's Overview: a card per namespace (those selected, or all) with the health of its apps,
 * services and workloads, its mTLS status, its config validation and its inbound traffic.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import '../../components/console-ui.css';
import { validationSummaryQuery } from '../istio/index.ts';
import { NamespaceCard } from './NamespaceCard.tsx';
import { countHealth, namespaceMtls } from './overview.ts';
import { clustersHealthQuery, clustersTlsQuery, meshTlsQuery, namespacesQuery } from './queries.ts';

export function OverviewPage() {
  const { namespaces: selected, durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const all = useQuery({ ...namespacesQuery(), refetchInterval });
  const shown = useMemo(
    () => (all.data ?? []).filter((n) => selected.length === 0 || selected.includes(n.name)),
    [all.data, selected],
  );
  const names = useMemo(() => shown.map((n) => n.name), [shown]);
  const enabled = names.length > 0;
  const apps = useQuery({ ...clustersHealthQuery(names, 'app', durationSec), refetchInterval, enabled });
  const services = useQuery({
    ...clustersHealthQuery(names, 'service', durationSec),
    refetchInterval,
    enabled,
  });
  const workloads = useQuery({
    ...clustersHealthQuery(names, 'workload', durationSec),
    refetchInterval,
    enabled,
  });
  const tls = useQuery({ ...clustersTlsQuery(names), refetchInterval, enabled });
  const meshTls = useQuery({ ...meshTlsQuery(), refetchInterval });
  const validations = useQuery({ ...validationSummaryQuery(), refetchInterval });

  if (all.isPending) return <LoadingState what="namespaces" />;
  if (all.isError) return <ErrorState error={all.error} what="namespaces" />;
  if (all.data.length === 0) {
    return (
      <EmptyState title="No namespaces">
        <p>
          The mesh has no namespaces yet. Run <code>npm start</code> to install the Bookinfo demo, or add your
          own workloads and config with <code>meshlens apply -f app.yaml</code>.
        </p>
      </EmptyState>
    );
  }
  if (shown.length === 0) {
    return (
      <EmptyState title="None of the selected namespaces exists">
        <p>Clear the namespace selection to see all {all.data.length} namespaces.</p>
      </EmptyState>
    );
  }
  // One failing query is shown once, above the cards (a 503 names the backend that is down).
  const failed = [apps, services, workloads, tls, validations].find((q) => q.isError);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title" className="page-title">
        Overview <span className="page-subtitle">{shown.length} namespaces</span>
      </h1>
      {failed === undefined ? null : <ErrorState error={failed.error} what="part of the overview" />}
      <div className="cards">
        {shown.map((n) => {
          const nsTls = tls.data?.find((t) => t.namespace === n.name);
          return (
            <NamespaceCard
              key={n.name}
              namespace={n.name}
              isControlPlane={n.isControlPlane}
              apps={apps.data === undefined ? undefined : countHealth(apps.data, 'app', n.name)}
              services={
                services.data === undefined ? undefined : countHealth(services.data, 'service', n.name)
              }
              workloads={
                workloads.data === undefined ? undefined : countHealth(workloads.data, 'workload', n.name)
              }
              mtls={nsTls === undefined ? undefined : namespaceMtls(nsTls.status, meshTls.data?.status)}
              validation={validations.data?.find((v) => v.namespace === n.name)}
            />
          );
        })}
      </div>
    </section>
  );
}
