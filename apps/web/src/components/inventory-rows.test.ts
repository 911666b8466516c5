import { describe, expect, it } from 'vitest';
import type { InventoryFilters, InventoryRow } from './inventory-rows.ts';
import { filterInventoryRows, sortInventoryRows } from './inventory-rows.ts';
import type { SortState } from './SortableTable.tsx';

const row = (name: string, over: Partial<InventoryRow> = {}): InventoryRow => ({
  name,
  namespace: 'bookinfo',
  health: 'Healthy',
  labels: {},
  istioSidecar: true,
  validation: undefined,
  linked: [],
  detailPath: `/x/${name}`,
  ...over,
});

const ROWS = [
  row('reviews', { health: 'Degraded' }),
  row('details', { namespace: 'alpha' }),
  row('ratings', { health: 'Failure', istioSidecar: false }),
  row('mongo', { health: 'NA', validation: { valid: false, errors: 1, warnings: 0, messages: [] } }),
];

describe('filterInventoryRows', () => {
  const none: InventoryFilters = { name: '', health: [], missingSidecar: false };
  it.each<[string, InventoryFilters, string[]]>([
    ['no filter keeps all', none, ['reviews', 'details', 'ratings', 'mongo']],
    ['name text, any case', { ...none, name: 'RE' }, ['reviews']],
    ['health', { ...none, health: ['Failure', 'NA'] }, ['ratings', 'mongo']],
    ['missing sidecar', { ...none, missingSidecar: true }, ['ratings']],
    ['all together', { name: 'r', health: ['Degraded'], missingSidecar: true }, []],
  ])('%s', (_, filters, expected) => {
    expect(filterInventoryRows(ROWS, filters).map((r) => r.name)).toEqual(expected);
  });
});

describe('sortInventoryRows', () => {
  it.each<[SortState, string[]]>([
    [{ key: 'name', direction: 'asc' }, ['details', 'mongo', 'ratings', 'reviews']],
    [{ key: 'name', direction: 'desc' }, ['reviews', 'ratings', 'mongo', 'details']],
    [{ key: 'namespace', direction: 'asc' }, ['details', 'mongo', 'ratings', 'reviews']],
    // Worst first, as Kiali sorts health.
    [{ key: 'health', direction: 'asc' }, ['ratings', 'reviews', 'details', 'mongo']],
    // Most problems first: an error outweighs a missing sidecar.
    [{ key: 'details', direction: 'asc' }, ['mongo', 'ratings', 'details', 'reviews']],
  ])('%o', (sort, expected) => {
    expect(sortInventoryRows(ROWS, sort).map((r) => r.name)).toEqual(expected);
  });
});
