/**
 * Reading the graph page through its accessible list (the contract the graph feature keeps for
 * keyboard users and these tests): `<section aria-label="Graph nodes and edges">` with the tables
 * `Nodes` and `Edges`. A table is read in one go, so that a refresh re-rendering it midway cannot
 * mix two versions of the graph.
 */
import type { Locator, Page } from '@playwright/test';

export const EDGE_COLUMNS = [
  'From',
  'To',
  'Protocol',
  'Rate',
  '% of source',
  '% errors',
  'Response time',
  'Health',
];

export type Row = Readonly<Record<string, string>>;

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly Row[];
}

export function graphList(page: Page): Locator {
  return page.getByRole('region', { name: 'Graph nodes and edges' });
}

export function edgesTable(page: Page): Locator {
  return graphList(page).getByRole('table', { name: 'Edges' });
}

export function nodesTable(page: Page): Locator {
  return graphList(page).getByRole('table', { name: 'Nodes' });
}

/** The table's header cells and its body rows keyed by header; empty when it is not rendered. */
export async function readTable(table: Locator): Promise<Table> {
  if ((await table.count()) === 0) return { headers: [], rows: [] };
  return table.evaluate((el) => {
    const t = el as HTMLTableElement;
    const text = (c: HTMLTableCellElement): string => c.innerText.trim();
    const headers = [...(t.tHead?.rows[0]?.cells ?? [])].map(text);
    const rows = [...t.tBodies].flatMap((body) =>
      [...body.rows].map((r) =>
        Object.fromEntries([...r.cells].map((c, i) => [headers[i] ?? String(i), text(c)])),
      ),
    );
    return { headers, rows };
  });
}

/** A cell's number (`3.20`, `48.5%`); undefined for `—` or anything else without one. */
export function numberIn(cell: string | undefined): number | undefined {
  const match = /-?\d+(\.\d+)?/.exec(cell ?? '');
  return match ? Number(match[0]) : undefined;
}

export function edgeRow(rows: readonly Row[], from: string, to: string): Row | undefined {
  return rows.find((r) => r['From'] === from && r['To'] === to);
}
