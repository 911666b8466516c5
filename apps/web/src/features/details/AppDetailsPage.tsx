/** Kiali's application page: its workloads and services, health and why, pods, traffic, metrics. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import { istioConfigQuery } from '../istio/index.ts';
import { MetricsPanel } from '../metrics/index.ts';
import { TracesTab } from '../traces/index.ts';
import { DetailPage, LabelChips, Properties } from './DetailPage.tsx';
import { HealthPanel } from './HealthPanel.tsx';
import { LinkedConfigTable } from './LinkedConfigTable.tsx';
import { PodsTable } from './PodsTable.tsx';
import { TrafficTab } from './TrafficTab.tsx';
import { serviceDetailPath, workloadDetailPath } from './paths.ts';
import type { DetailTarget } from './queries.ts';
import { appDetailsQuery, appHealthQuery, namespaceAppsQuery } from './queries.ts';
import type { DetailTab } from './url.ts';

const TABS: readonly DetailTab[] = ['info', 'traffic', 'in_metrics', 'out_metrics', 'traces'];

export function AppDetailsPage() {
  const { namespace = '', app = '' } = useParams();
  const [params] = useSearchParams();
  const { durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const target = useMemo<DetailTarget>(() => ({ kind: 'app', namespace, name: app }), [namespace, app]);
  const details = useQuery({ ...appDetailsQuery(namespace, app), refetchInterval });
  const health = useQuery({ ...appHealthQuery(namespace, app, durationSec), refetchInterval });
  const apps = useQuery({ ...namespaceAppsQuery(namespace), refetchInterval });
  const config = useQuery({ ...istioConfigQuery([namespace]), refetchInterval });
  const linked = useMemo(
    () =>
      linkedConfigs(
        apps.data?.applications.find((a) => a.name === app)?.istioReferences ?? [],
        config.data?.validations,
      ),
    [apps.data, config.data, app],
  );
  const search = sharedSearch(params);
  const d = details.data;
  return (
    <DetailPage
      listLabel="Applications"
      listPath="/applications"
      what="application"
      namespace={namespace}
      name={app}
      isPending={details.isPending}
      error={details.error}
      tabs={TABS}
      render={(tab) => {
        switch (tab) {
          case 'info':
            return d === undefined ? null : (
              <div className="grid-2">
                <div className="stack">
                  <Properties
                    items={[
                      ['Name', d.name],
                      ['Namespace', d.namespace.name],
                      [
                        'Workloads',
                        <span key="w" className="chips">
                          {d.workloads.map((w) => (
                            <Link
                              key={w.workloadName}
                              to={{ pathname: workloadDetailPath(namespace, w.workloadName), search }}
                            >
                              {w.workloadName}
                            </Link>
                          ))}
                        </span>,
                      ],
                      [
                        'Services',
                        <span key="s" className="chips">
                          {d.serviceNames.map((s) => (
                            <Link key={s} to={{ pathname: serviceDetailPath(namespace, s), search }}>
                              {s}
                            </Link>
                          ))}
                        </span>,
                      ],
                      ...d.workloads.map(
                        (w) =>
                          [
                            `Labels of ${w.workloadName}`,
                            <LabelChips key={w.workloadName} labels={w.labels} />,
                          ] as const,
                      ),
                    ]}
                  />
                  <LinkedConfigTable linked={linked} loading={config.isPending} />
                </div>
                <div className="stack">
                  <HealthPanel isPending={health.isPending} error={health.error} data={health.data} />
                  <PodsTable pods={d.workloads.flatMap((w) => w.pods)} />
                </div>
              </div>
            );
          case 'traffic':
            return <TrafficTab target={target} />;
          case 'in_metrics':
            return <MetricsPanel kind="app" namespace={namespace} name={app} direction="inbound" />;
          case 'out_metrics':
            return <MetricsPanel kind="app" namespace={namespace} name={app} direction="outbound" />;
          case 'traces':
            return <TracesTab namespace={namespace} kind="apps" name={app} />;
          case 'logs':
            return null;
        }
      }}
    />
  );
}
