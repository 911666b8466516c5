/** Kiali's Workloads list: one row per workload of the selected namespaces. */
import type { WorkloadList } from '@meshlens/mesh-core/inventory';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSharedState } from '../../app/url.ts';
import { InventoryList } from '../../components/InventoryList.tsx';
import type { InventoryRow } from '../../components/inventory-rows.ts';
import { linkedConfigs } from '../../components/inventory-rows.ts';
import type { ValidationsLike } from '../../components/validation.ts';
import { validationOf } from '../../components/validation.ts';
import { workloadDetailPath } from '../details/index.ts';
import { istioConfigQuery } from '../istio/index.ts';
import { workloadListQuery } from './queries.ts';

export function workloadRows(list: WorkloadList, validations: ValidationsLike | undefined): InventoryRow[] {
  return list.workloads.map((w) => ({
    name: w.name,
    namespace: w.namespace,
    health: w.health?.status?.status ?? 'NA',
    labels: w.labels,
    istioSidecar: w.istioSidecar,
    // Workload checks (Kiali's KIA1xxx) come keyed by the bare kind `workload`.
    validation: validationOf(
      list.validations,
      { Group: '', Version: '', Kind: 'workload' },
      w.name,
      w.namespace,
    ),
    linked: linkedConfigs(w.istioReferences, validations),
    detailPath: workloadDetailPath(w.namespace, w.name),
  }));
}

export function WorkloadsListPage() {
  const { namespaces, durationSec, refreshMs } = useSharedState();
  const refetchInterval = refreshMs || false;
  const list = useQuery({ ...workloadListQuery(namespaces, durationSec), refetchInterval });
  const config = useQuery({ ...istioConfigQuery(namespaces), refetchInterval });
  const rows = useMemo(
    () => (list.data === undefined ? [] : workloadRows(list.data, config.data?.validations)),
    [list.data, config.data],
  );
  return (
    <InventoryList
      title="Workloads"
      what="workloads"
      rows={rows}
      isPending={list.isPending}
      error={list.error}
    />
  );
}
