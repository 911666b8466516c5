/**
 * Kiali's Istio config list as rows: the answer's objects by kind, each joined with its
 * validation (keyed by the kind's GVK string, then `name.namespace`), and the list's filters
 * (kinds, name text) and sorting.
 */
import type { Gvk } from '@meshlens/mesh-core/api/istio-config-kinds';
import type { IstioConfigList } from '@meshlens/mesh-core/api/istio-config';
import type { SortState } from '../../components/SortableTable.tsx';
import type { ValidationSummary } from '../../components/validation.ts';
import { validationOf } from '../../components/validation.ts';

export interface ConfigRow {
  readonly key: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
  /** Undefined when the object was not validated. */
  readonly validation: ValidationSummary | undefined;
}

function gvkOf(key: string): Gvk | undefined {
  const m = /^([^/]*)\/([^,]+), Kind=(.+)$/.exec(key);
  return m === null ? undefined : { Group: m[1] ?? '', Version: m[2] ?? '', Kind: m[3] ?? '' };
}

export function configRows(list: IstioConfigList): ConfigRow[] {
  const rows: ConfigRow[] = [];
  for (const [key, objects] of Object.entries(list.resources)) {
    const gvk = gvkOf(key);
    for (const o of objects) {
      const namespace = o.metadata.namespace ?? '';
      rows.push({
        key: `${key}/${namespace}/${o.metadata.name}`,
        kind: o.kind,
        apiVersion: o.apiVersion,
        name: o.metadata.name,
        namespace,
        validation:
          gvk === undefined ? undefined : validationOf(list.validations, gvk, o.metadata.name, namespace),
      });
    }
  }
  return rows;
}

export interface ConfigFilters {
  readonly name: string;
  readonly kinds: readonly string[];
}

export function filterConfigRows(rows: readonly ConfigRow[], f: ConfigFilters): ConfigRow[] {
  const text = f.name.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (text === '' || r.name.toLowerCase().includes(text)) &&
      (f.kinds.length === 0 || f.kinds.includes(r.kind)),
  );
}

/** Errors first, then warnings, then valid, then not validated. */
function validationRank(v: ValidationSummary | undefined): number {
  if (v === undefined) return 3;
  if (v.errors > 0 || !v.valid) return 0;
  return v.warnings > 0 ? 1 : 2;
}

export function sortConfigRows(rows: readonly ConfigRow[], sort: SortState): ConfigRow[] {
  const byName = (a: ConfigRow, b: ConfigRow) =>
    a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
  const compare = (a: ConfigRow, b: ConfigRow): number => {
    switch (sort.key) {
      case 'namespace':
        return a.namespace.localeCompare(b.namespace) || byName(a, b);
      case 'type':
        return a.kind.localeCompare(b.kind) || byName(a, b);
      case 'validation':
        return validationRank(a.validation) - validationRank(b.validation) || byName(a, b);
      default:
        return byName(a, b);
    }
  };
  const sorted = [...rows].sort(compare);
  return sort.direction === 'asc' ? sorted : sorted.reverse();
}
