/** Kiali's service page: properties, health and why, workloads and endpoints, config, traffic, metrics. */
import { KIALI_CONFIG_KINDS } from '@meshlens/mesh-core/api/istio-config-kinds';
import type { IstioReference, ServiceDetails } from '@meshlens/mesh-core/inventory';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { ValidationBadge } from '../../components/ValidationBadge.tsx';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import { validationOf } from '../../components/validation.ts';
import { MetricsPanel } from '../metrics/index.ts';
import { ServiceWizards } from '../wizards/index.ts';
import { TracesTab } from '../traces/index.ts';
import { DetailPage, LabelChips, Properties } from './DetailPage.tsx';
import { HealthPanel } from './HealthPanel.tsx';
import { LinkedConfigTable } from './LinkedConfigTable.tsx';
import { TrafficTab } from './TrafficTab.tsx';
import { workloadDetailPath } from './paths.ts';
import type { DetailTarget } from './queries.ts';
import { serviceDetailsQuery, serviceHealthQuery } from './queries.ts';
import type { DetailTab } from './url.ts';

const TABS: readonly DetailTab[] = ['info', 'traffic', 'in_metrics', 'traces'];

/** The config objects on the page as references, with the GVK Kiali keys their validations by. */
export function serviceConfigRefs(d: ServiceDetails): IstioReference[] {
  return [...d.virtualServices, ...d.destinationRules, ...d.serviceEntries].map((o) => {
    const group = o.apiVersion.split('/')[0] ?? '';
    const known = KIALI_CONFIG_KINDS.find((k) => k.gvk.Group === group && k.gvk.Kind === o.kind);
    return {
      objectGVK: known?.gvk ?? { Group: group, Version: o.apiVersion.split('/')[1] ?? '', Kind: o.kind },
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      cluster: d.service.cluster,
    };
  });
}

const MTLS_TEXT = {
  MTLS_ENABLED: 'Enabled',
  MTLS_PARTIALLY_ENABLED: 'Partially enabled',
  MTLS_NOT_ENABLED: 'Not enabled',
  MTLS_DISABLED: 'Disabled',
} as const;

export function ServiceDetailsPage() {
  const { namespace = '', service = '' } = useParams();
  const [params] = useSearchParams();
  const { durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const target = useMemo<DetailTarget>(
    () => ({ kind: 'service', namespace, name: service }),
    [namespace, service],
  );
  const details = useQuery({ ...serviceDetailsQuery(namespace, service), refetchInterval });
  const health = useQuery({ ...serviceHealthQuery(namespace, service, durationSec), refetchInterval });
  const d = details.data;
  const linked = useMemo(
    () => (d === undefined ? [] : linkedConfigs(serviceConfigRefs(d), d.validations)),
    [d],
  );
  const healthData = useMemo(
    () => (health.data === undefined ? undefined : { ...health.data, workloadStatuses: [] }),
    [health.data],
  );
  const search = sharedSearch(params);
  const own =
    d === undefined
      ? undefined
      : validationOf(d.validations, { Group: '', Version: '', Kind: 'service' }, service, namespace);
  return (
    <DetailPage
      listLabel="Services"
      listPath="/services"
      what="service"
      namespace={namespace}
      name={service}
      isPending={details.isPending}
      error={details.error}
      tabs={TABS}
      actions={<ServiceWizards namespace={namespace} service={service} />}
      render={(tab) => {
        switch (tab) {
          case 'info':
            return d === undefined ? null : (
              <div className="grid-2">
                <div className="stack">
                  <Properties
                    items={[
                      ['Name', d.service.name],
                      ['Namespace', d.service.namespace],
                      ['Type', d.service.type],
                      ['IP', d.service.ip === '' ? 'None' : d.service.ip],
                      [
                        'Ports',
                        d.service.ports.map((p) => `${p.name} ${String(p.port)}/${p.protocol}`).join(', '),
                      ],
                      ['Labels', <LabelChips key="l" labels={d.service.labels} />],
                      ['Selector', <LabelChips key="s" labels={d.service.selectors} />],
                      ['Namespace mTLS', MTLS_TEXT[d.namespaceMTLS.status]],
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
                        'Validation',
                        own === undefined ? (
                          'Not validated'
                        ) : (
                          <ValidationBadge key="v" validation={own} showMessages />
                        ),
                      ],
                    ]}
                  />
                  <LinkedConfigTable linked={linked} />
                </div>
                <div className="stack">
                  <HealthPanel isPending={health.isPending} error={health.error} data={healthData} />
                  <section className="card" aria-labelledby="workloads-title">
                    <h2 id="workloads-title">Workloads</h2>
                    {d.workloads.length === 0 ? (
                      <p className="muted">No workload matches the service&apos;s selector.</p>
                    ) : (
                      <ul className="plain-list">
                        {d.workloads.map((w) => (
                          <li key={w.name}>
                            <Link to={{ pathname: workloadDetailPath(w.namespace, w.name), search }}>
                              {w.name}
                            </Link>{' '}
                            <LabelChips labels={w.labels} />
                            {w.istioSidecar ? null : <span className="chip chip-warn">Missing Sidecar</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                    <h3>Endpoints</h3>
                    <p>
                      {d.endpoints.flatMap((e) => e.addresses.map((a) => a.name)).join(', ') ||
                        'None: no pod is ready'}
                    </p>
                  </section>
                </div>
              </div>
            );
          case 'traffic':
            return <TrafficTab target={target} />;
          case 'in_metrics':
            return <MetricsPanel kind="service" namespace={namespace} name={service} direction="inbound" />;
          case 'out_metrics':
            return null;
          case 'traces':
            return <TracesTab namespace={namespace} kind="services" name={service} />;
          case 'logs':
            return null;
        }
      }}
    />
  );
}
