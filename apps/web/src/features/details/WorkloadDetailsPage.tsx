/** Kiali's workload page: properties, health and why, pods with proxy sync, config, traffic, metrics. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { ValidationBadge } from '../../components/ValidationBadge.tsx';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import { validationOf } from '../../components/validation.ts';
import { istioConfigQuery } from '../istio/index.ts';
import { MetricsPanel } from '../metrics/index.ts';
import { TracesTab } from '../traces/index.ts';
import { LogsTab } from '../logs/index.ts';
import { DetailPage, LabelChips, Properties } from './DetailPage.tsx';
import { HealthPanel } from './HealthPanel.tsx';
import { LinkedConfigTable } from './LinkedConfigTable.tsx';
import { PodsTable } from './PodsTable.tsx';
import { TrafficTab } from './TrafficTab.tsx';
import { appDetailPath, serviceDetailPath } from './paths.ts';
import type { DetailTarget } from './queries.ts';
import { workloadDetailsQuery, workloadHealthQuery } from './queries.ts';
import type { DetailTab } from './url.ts';

const TABS: readonly DetailTab[] = ['info', 'traffic', 'logs', 'in_metrics', 'out_metrics', 'traces'];

export function WorkloadDetailsPage() {
  const { namespace = '', workload = '' } = useParams();
  const [params] = useSearchParams();
  const { durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const target = useMemo<DetailTarget>(
    () => ({ kind: 'workload', namespace, name: workload }),
    [namespace, workload],
  );
  const details = useQuery({ ...workloadDetailsQuery(namespace, workload), refetchInterval });
  const health = useQuery({ ...workloadHealthQuery(namespace, workload, durationSec), refetchInterval });
  const config = useQuery({ ...istioConfigQuery([namespace]), refetchInterval });
  const d = details.data;
  const linked = useMemo(
    () => linkedConfigs(d?.istioReferences ?? [], config.data?.validations),
    [d, config.data],
  );
  const healthData = useMemo(
    () =>
      health.data === undefined
        ? undefined
        : {
            status: health.data.status,
            requests: health.data.requests,
            workloadStatuses: health.data.workloadStatus === null ? [] : [health.data.workloadStatus],
          },
    [health.data],
  );
  const search = sharedSearch(params);
  const own =
    d === undefined
      ? undefined
      : validationOf(d.validations, { Group: '', Version: '', Kind: 'workload' }, d.name, d.namespace);
  const app = d?.labels['app'];
  return (
    <DetailPage
      listLabel="Workloads"
      listPath="/workloads"
      what="workload"
      namespace={namespace}
      name={workload}
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
                      ['Namespace', d.namespace],
                      ['Type', d.gvk.Kind],
                      [
                        'Replicas',
                        `${d.availableReplicas}/${d.desiredReplicas} available (${d.currentReplicas} current)`,
                      ],
                      ['Labels', <LabelChips key="l" labels={d.labels} />],
                      [
                        'Sidecar',
                        d.istioSidecar ? (
                          'Injected'
                        ) : (
                          <span key="s" className="chip chip-warn">
                            Missing Sidecar
                          </span>
                        ),
                      ],
                      [
                        'Application',
                        app === undefined ? (
                          <span key="a" className="muted">
                            No app label
                          </span>
                        ) : (
                          <Link key="a" to={{ pathname: appDetailPath(namespace, app), search }}>
                            {app}
                          </Link>
                        ),
                      ],
                      [
                        'Services',
                        <span key="s" className="chips">
                          {d.services.map((s) => (
                            <Link
                              key={s.name}
                              to={{ pathname: serviceDetailPath(s.namespace, s.name), search }}
                            >
                              {s.name}
                            </Link>
                          ))}
                        </span>,
                      ],
                      [
                        'Validation',
                        own === undefined ? (
                          'Not validated'
                        ) : (
                          <ValidationBadge key="v" validation={own} showMessages />
                        ),
                      ],
                      ['Created', new Date(d.createdAt).toLocaleString()],
                    ]}
                  />
                  <LinkedConfigTable linked={linked} loading={config.isPending} />
                </div>
                <div className="stack">
                  <HealthPanel isPending={health.isPending} error={health.error} data={healthData} />
                  <PodsTable pods={d.pods} />
                </div>
              </div>
            );
          case 'traffic':
            return <TrafficTab target={target} />;
          case 'in_metrics':
            return <MetricsPanel kind="workload" namespace={namespace} name={workload} direction="inbound" />;
          case 'out_metrics':
            return (
              <MetricsPanel kind="workload" namespace={namespace} name={workload} direction="outbound" />
            );
          case 'traces':
            return <TracesTab namespace={namespace} kind="workloads" name={workload} />;
          case 'logs':
            return <LogsTab namespace={namespace} workload={workload} />;
        }
      }}
    />
  );
}
