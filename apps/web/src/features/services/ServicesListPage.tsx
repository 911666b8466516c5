/** Kiali's Services list: one row per service of the selected namespaces. */
import type { ServiceList } from '@meshlens/mesh-core/inventory';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSharedState } from '../../app/url.ts';
import { InventoryList } from '../../components/InventoryList.tsx';
import type { InventoryRow } from '../../components/inventory-rows.ts';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import type { ValidationsLike } from '../../components/validation.ts';
import { summarizeValidation } from '../../components/validation.ts';
import { serviceDetailPath } from '../details/index.ts';
import { istioConfigQuery } from '../istio/index.ts';
import { serviceListQuery } from './queries.ts';

export function serviceRows(list: ServiceList, validations: ValidationsLike | undefined): InventoryRow[] {
  return list.services.map((s) => ({
    name: s.name,
    namespace: s.namespace,
    health: s.health?.status?.status ?? 'NA',
    labels: s.labels,
    istioSidecar: s.istioSidecar,
    validation: s.validation === undefined ? undefined : summarizeValidation(s.validation),
    linked: linkedConfigs(s.istioReferences, validations),
    detailPath: serviceDetailPath(s.namespace, s.name),
  }));
}

export function ServicesListPage() {
  const { namespaces, durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const list = useQuery({ ...serviceListQuery(namespaces, durationSec), refetchInterval });
  const config = useQuery({ ...istioConfigQuery(namespaces), refetchInterval });
  const rows = useMemo(
    () => (list.data === undefined ? [] : serviceRows(list.data, config.data?.validations)),
    [list.data, config.data],
  );
  return (
    <InventoryList
      title="Services"
      what="services"
      rows={rows}
      isPending={list.isPending}
      error={list.error}
    />
  );
}
