/** Kiali's Applications list: one row per app of the selected namespaces. */
import type { AppList } from '@meshlens/mesh-core/inventory';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSharedState } from '../../app/url.ts';
import { InventoryList } from '../../components/InventoryList.tsx';
import type { InventoryRow } from '../../components/inventory-rows.ts';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import type { ValidationsLike } from '../../components/validation.ts';
import { appDetailPath } from '../details/index.ts';
import { istioConfigQuery } from '../istio/index.ts';
import { appListQuery } from './queries.ts';

export function appRows(list: AppList, validations: ValidationsLike | undefined): InventoryRow[] {
  return list.applications.map((a) => ({
    name: a.name,
    namespace: a.namespace,
    health: a.health?.status?.status ?? 'NA',
    labels: a.labels,
    istioSidecar: a.istioSidecar,
    validation: undefined,
    linked: linkedConfigs(a.istioReferences, validations),
    detailPath: appDetailPath(a.namespace, a.name),
  }));
}

export function ApplicationsListPage() {
  const { namespaces, durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const list = useQuery({ ...appListQuery(namespaces, durationSec), refetchInterval });
  const config = useQuery({ ...istioConfigQuery(namespaces), refetchInterval });
  const rows = useMemo(
    () => (list.data === undefined ? [] : appRows(list.data, config.data?.validations)),
    [list.data, config.data],
  );
  return (
    <InventoryList
      title="Applications"
      what="applications"
      rows={rows}
      isPending={list.isPending}
      error={list.error}
    />
  );
}
