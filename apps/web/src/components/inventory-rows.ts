/**
 * One row of the apps, workloads and services lists, whatever its kind, and the lists' filters
 * and sorting (Kiali's: by name text, by health, by missing sidecar; sort by health puts the
 * worst first, as Kiali's health sort does).
 */
import type { HealthStatus } from '@meshlens/mesh-core/health';
import type { IstioReference } from '@meshlens/mesh-core/inventory';
import type { SortState } from './SortableTable.tsx';
import type { ValidationSummary, ValidationsLike } from './validation.ts';
import { validationOf } from './validation.ts';

export interface LinkedConfig {
  readonly ref: IstioReference;
  /** Undefined when the config list has no validation for it (not validated, or not loaded). */
  readonly validation: ValidationSummary | undefined;
}

export interface InventoryRow {
  readonly name: string;
  readonly namespace: string;
  readonly health: HealthStatus;
  readonly labels: Readonly<Record<string, string>>;
  /** False shows "Missing Sidecar". */
  readonly istioSidecar: boolean;
  /** The object's own validation (workloads and services have one). */
  readonly validation: ValidationSummary | undefined;
  readonly linked: readonly LinkedConfig[];
  readonly detailPath: string;
}

export interface InventoryFilters {
  readonly name: string;
  readonly health: readonly HealthStatus[];
  readonly missingSidecar: boolean;
}

/** Kiali's priority: the worst first when sorting by health ascending. */
const HEALTH_ORDER: Readonly<Record<HealthStatus, number>> = {
  Failure: 0,
  Degraded: 1,
  'Not Ready': 2,
  Healthy: 3,
  NA: 4,
};

export function filterInventoryRows(rows: readonly InventoryRow[], f: InventoryFilters): InventoryRow[] {
  const text = f.name.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (text === '' || r.name.toLowerCase().includes(text)) &&
      (f.health.length === 0 || f.health.includes(r.health)) &&
      (!f.missingSidecar || !r.istioSidecar),
  );
}

function configScore(r: InventoryRow): number {
  let errors = r.validation?.errors ?? 0;
  let warnings = r.validation?.warnings ?? 0;
  for (const l of r.linked) {
    errors += l.validation?.errors ?? 0;
    warnings += l.validation?.warnings ?? 0;
  }
  // Errors outweigh any number of warnings; a missing sidecar counts as a warning.
  return errors * 1_000_000 + warnings * 1000 + (r.istioSidecar ? 0 : 1);
}

export function sortInventoryRows(rows: readonly InventoryRow[], sort: SortState): InventoryRow[] {
  const byName = (a: InventoryRow, b: InventoryRow) =>
    a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
  const compare = (a: InventoryRow, b: InventoryRow): number => {
    switch (sort.key) {
      case 'namespace':
        return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
      case 'health':
        return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || byName(a, b);
      case 'details':
        // The most problems first when ascending: that is what the user sorts for.
        return configScore(b) - configScore(a) || byName(a, b);
      default:
        return byName(a, b);
    }
  };
  const sorted = [...rows].sort(compare);
  return sort.direction === 'asc' ? sorted : sorted.reverse();
}

/** Each reference joined with its validation from the config list (when it has loaded). */
export function linkedConfigs(
  refs: readonly IstioReference[],
  validations: ValidationsLike | undefined,
): LinkedConfig[] {
  return refs.map((ref) => ({
    ref,
    validation:
      validations === undefined
        ? undefined
        : validationOf(validations, ref.objectGVK, ref.name, ref.namespace),
  }));
}
